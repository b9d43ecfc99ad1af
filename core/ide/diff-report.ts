import { LineIndex } from '../common/line-index';
import { jsonCount } from '../common/format';
import type { Shape } from '../analysis';
import { diffModels, type DiffSide, type LayerChange, type LayerDiff } from '../analysis/model-diff';
import type { DocumentAnalysis } from '../analysis';

/**
 * A model diff as plain JSON data, with 1-based lines: what `dlmodel diff --json` prints
 * (docs/schemas/diff-report.schema.json) and what the language server answers to the editor's
 * *Compare Model with…* commands, so both show one thing.
 */

/** A count as JSON: a number while exact, else its decimal digits (see `jsonCount`). */
export type JsonCount = number | string;

export interface DiffReportVersion {
  readonly file: string;
  readonly model: string;
  readonly input: Shape | null;
  readonly output: Shape | null;
}

export interface DiffReportSide {
  readonly name: string;
  readonly kind: string;
  readonly line: number;
  readonly outputShape: Shape | null;
  readonly params: JsonCount;
  readonly macs: JsonCount;
}

export interface DiffReportLayer {
  readonly change: LayerChange;
  readonly before: DiffReportSide | null;
  readonly after: DiffReportSide | null;
  readonly arguments: readonly { readonly name: string; readonly before: string | null; readonly after: string | null }[];
  readonly paramsDelta: JsonCount;
  readonly macsDelta: JsonCount;
}

export interface DiffReport {
  readonly before: DiffReportVersion;
  readonly after: DiffReportVersion;
  readonly layers: readonly DiffReportLayer[];
  readonly totals: {
    readonly layersBefore: number;
    readonly layersAfter: number;
    readonly paramsBefore: JsonCount;
    readonly paramsAfter: JsonCount;
    readonly paramsDelta: JsonCount;
    readonly macsBefore: JsonCount;
    readonly macsAfter: JsonCount;
    readonly macsDelta: JsonCount;
    readonly added: number;
    readonly removed: number;
    readonly changed: number;
    readonly unchanged: number;
  };
}

/** One checked version of a file: its label (a path, `HEAD`), its text and its analysis. */
export interface DiffInput {
  readonly label: string;
  readonly text: string;
  readonly analysis: DocumentAnalysis;
}

/** The model to compare in an analysis: the one named, else the first; undefined says why not. */
export function modelToCompare(input: DiffInput, name: string | undefined): { model: DocumentAnalysis['models'][number] } | { problem: string } {
  const models = input.analysis.models;
  const model = name === undefined ? models[0] : models.find((m) => m.name === name);
  if (model !== undefined) return { model };
  const names = models.map((m) => m.name).join(', ');
  return { problem: name === undefined ? `${input.label} has no model to compare` : `${input.label} has no model ${name}${names ? `; it has ${names}` : ''}` };
}

/** The diff of `after` against `before` as a report, or the problem that prevents it. */
export function diffReport(before: DiffInput, after: DiffInput, modelName?: string): DiffReport | { problem: string } {
  const a = modelToCompare(before, modelName);
  if ('problem' in a) return a;
  const b = modelToCompare(after, modelName);
  if ('problem' in b) return b;
  const diff = diffModels(a.model, b.model);
  const beforeLines = new LineIndex(before.text);
  const afterLines = new LineIndex(after.text);
  const t = diff.totals;
  return {
    before: { file: before.label, model: diff.beforeModel, input: diff.inputBefore ?? null, output: diff.outputBefore ?? null },
    after: { file: after.label, model: diff.afterModel, input: diff.inputAfter ?? null, output: diff.outputAfter ?? null },
    layers: diff.layers.map((layer) => reportLayer(layer, beforeLines, afterLines)),
    totals: {
      layersBefore: t.layersBefore,
      layersAfter: t.layersAfter,
      paramsBefore: jsonCount(t.paramsBefore),
      paramsAfter: jsonCount(t.paramsAfter),
      paramsDelta: jsonCount(t.paramsAfter - t.paramsBefore),
      macsBefore: jsonCount(t.macsBefore),
      macsAfter: jsonCount(t.macsAfter),
      macsDelta: jsonCount(t.macsAfter - t.macsBefore),
      added: t.added,
      removed: t.removed,
      changed: t.changed,
      unchanged: t.unchanged,
    },
  };
}

function reportLayer(layer: LayerDiff, beforeLines: LineIndex, afterLines: LineIndex): DiffReportLayer {
  return {
    change: layer.change,
    before: reportSide(layer.before, beforeLines),
    after: reportSide(layer.after, afterLines),
    arguments: layer.arguments.map((a) => ({ name: a.name, before: a.before ?? null, after: a.after ?? null })),
    paramsDelta: jsonCount(layer.paramsDelta),
    macsDelta: jsonCount(layer.macsDelta),
  };
}

function reportSide(side: DiffSide | undefined, lines: LineIndex): DiffReportSide | null {
  if (side === undefined) return null;
  return {
    name: side.name,
    kind: side.kind,
    line: lines.positionAt(side.statementRange.start).line + 1,
    outputShape: side.outputShape ?? null,
    params: jsonCount(side.params),
    macs: jsonCount(side.macs),
  };
}
