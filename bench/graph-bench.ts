// The graph view's redraw: build the view from the analysis, lay it out with dagre, write the SVG
// (what the panel does after each edit, here in Node, the same code the webview bundle runs), for
// VGG-16, ResNet-50 and a DenseNet when its architecture file exists. Figures only, no targets:
// the median of a few runs after a warm-up, expanded and with the repeat blocks folded, and the
// layout's share of the redraw.
// Standalone: node out/bench/graph-bench.js (after npm run build).
import { existsSync, readFileSync } from 'node:fs';
import { checkDocument } from '../core/analysis';
import { buildGraphView, layoutGraph, renderGraphSvg, visibleGraph } from '../core/graph';
import { fromRoot } from '../test/helpers/paths';

/** ResNet-50 (He et al., 2016) as people write it: bottleneck blocks in four stages of 3, 4, 6, 3. */
export function resnet50(): string {
  const block = (width: number, stride: number): string[] => [
    `    conv2d(${width}, 1, bias: false)`, '    batchnorm()', '    relu()',
    `    conv2d(${width}, 3, stride: ${stride}, padding: 1, bias: false)`, '    batchnorm()', '    relu()',
    `    conv2d(${width * 4}, 1, bias: false)`, '    batchnorm()',
  ];
  const lines = ['model ResNet50 {', '  input [3, 224, 224]', '  conv2d(64, 7, stride: 2, padding: 3, bias: false)', '  batchnorm()', '  relu()', '  maxpool2d(3, stride: 2, padding: 1)'];
  for (const [width, blocks, stride] of [[64, 3, 1], [128, 4, 2], [256, 6, 2], [512, 3, 2]] as const) {
    lines.push('  residual {', ...block(width, stride), '  } shortcut {', `    conv2d(${width * 4}, 1, stride: ${stride}, bias: false)`, '    batchnorm()', '  }', '  relu()');
    lines.push(`  repeat ${blocks - 1} {`, '  residual {', ...block(width, 1), '  }', '  relu()', '  }');
  }
  lines.push('  globalavgpool2d()', '  dense(1000)', '}');
  return lines.join('\n') + '\n';
}

export interface GraphBenchRow {
  readonly name: string;
  readonly nodes: number;
  readonly edges: number;
  readonly redrawMs: number;
  readonly layoutMs: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function measure(name: string, text: string, folded: boolean, runs = 5): GraphBenchRow {
  const analysis = checkDocument(text);
  const model = analysis.models[0]!;
  const redraws: number[] = [];
  const layouts: number[] = [];
  let nodes = 0;
  let edges = 0;
  for (let i = 0; i < runs + 1; i++) {
    const started = performance.now();
    const view = buildGraphView(analysis, model);
    const visible = visibleGraph(view, folded ? new Set(view.groups.filter((g) => !g.parent).map((g) => g.id)) : new Set());
    const beforeLayout = performance.now();
    const layout = layoutGraph(visible);
    const afterLayout = performance.now();
    renderGraphSvg(layout);
    if (i === 0) continue; // warm-up
    redraws.push(performance.now() - started);
    layouts.push(afterLayout - beforeLayout);
    nodes = layout.nodes.length;
    edges = layout.edges.length;
  }
  return { name: `${name}${folded ? ' (repeats folded)' : ''}`, nodes, edges, redrawMs: median(redraws), layoutMs: median(layouts) };
}

export function runGraphBench(): GraphBenchRow[] {
  const models: [string, string][] = [
    ['VGG-16', readFileSync(fromRoot('examples/vgg16.dlmodel'), 'utf8')],
    ['ResNet-50', resnet50()],
  ];
  for (const file of ['examples/densenet121.dlmodel']) {
    if (existsSync(fromRoot(file))) {
      models.push(['DenseNet-121', readFileSync(fromRoot(file), 'utf8')]);
      break;
    }
  }
  return models.flatMap(([name, text]) => [measure(name, text, false), measure(name, text, true)]);
}

export function printGraphBench(rows: readonly GraphBenchRow[]): number {
  console.log('\ngraph view redraw (build + dagre layout + SVG, in process)   nodes   edges   median ms   layout ms');
  for (const row of rows) console.log(`${row.name.padEnd(58)} ${String(row.nodes).padStart(6)}  ${String(row.edges).padStart(6)}   ${row.redrawMs.toFixed(1).padStart(9)}   ${row.layoutMs.toFixed(1).padStart(9)}`);
  return 0; // figures only: no target to miss
}

if (require.main === module) printGraphBench(runGraphBench());
