import { checkDocument } from '../core/analysis';
import { buildGraphView, layoutGraph, lightPalette, pickModel, renderGraphSvg, toDot, toMermaid, visibleGraph } from '../core/graph';
import { ModelFileError, readModelFile } from './model-file';
import type { Output } from './output';

export const graphFormats = ['svg', 'dot', 'mermaid'] as const;
export type GraphFormat = (typeof graphFormats)[number];

export interface GraphArguments {
  readonly file: string;
  readonly to: GraphFormat;
  readonly model?: string;
}

function render(format: GraphFormat, view: ReturnType<typeof buildGraphView>): string {
  switch (format) {
    case 'svg':
      return renderGraphSvg(layoutGraph(visibleGraph(view, new Set())), { palette: lightPalette, title: view.model });
    case 'dot':
      return toDot(view);
    case 'mermaid':
      return toMermaid(view);
    default: {
      const unreachable: never = format;
      return unreachable;
    }
  }
}

/**
 * `dlmodel graph FILE --to svg|dot|mermaid [--model NAME]`: the picture of the graph view, on
 * standard output. A model with errors is drawn too (the layers with problems marked, as in the
 * editor); the status is 1 then, so a script notices, and the problems are listed on stderr.
 */
export function runGraph(args: GraphArguments, output: Output): number {
  try {
    const analysis = checkDocument(readModelFile(args.file));
    const model = pickModel(analysis, args.model === undefined ? {} : { name: args.model });
    if (!model) {
      const names = analysis.models.map((m) => m.name).filter((n) => n);
      output.stderr(`dlmodel: graph: ${args.model === undefined ? `${args.file} has no model` : `${args.file} has no model ${args.model}${names.length > 0 ? `; its models: ${names.join(', ')}` : ''}`}`);
      return 1;
    }
    const view = buildGraphView(analysis, model);
    output.stdout(render(args.to, view).replace(/\n$/, ''));
    const errors = view.nodes.flatMap((n) => n.diagnostics).concat(view.diagnostics).filter((d) => d.severity === 'error');
    for (const error of errors) output.stderr(`dlmodel: graph: ${error.code}: ${error.message}`);
    return errors.length > 0 ? 1 : 0;
  } catch (error) {
    if (error instanceof ModelFileError) {
      output.stderr(`dlmodel: graph: ${error.message}`);
      return 1;
    }
    throw error;
  }
}
