// Benchmarks of the language core: checking a 20,000-line model, and re-checking a 500-line file
// (what the language server does on each keystroke). Each figure is the median of several runs
// after a warm-up, and is also given as a ratio to JSON.parse of a same-sized document measured
// in the same process, so numbers from a busy machine can still be compared.
import { checkDocument } from '../core/analysis';
import { parse } from '../core/syntax';

/** A model of roughly `lines` lines mixing every construct. */
export function syntheticModel(lines: number): string {
  const out = ['# generated for benchmarking', 'model Big {', '  input [3, 64, 64]', '  conv2d(16, 3, padding: same, activation: relu)'];
  let i = 0;
  while (out.length < lines - 12) {
    switch (i++ % 4) {
      case 0:
        out.push('  residual {', '    conv2d(16, 3, padding: same, activation: relu)', '    batchnorm()', '  }');
        break;
      case 1:
        out.push('  repeat 2 { conv2d(16, [3, 3], padding: [1, 1]) }');
        break;
      case 2:
        out.push('  # a comment line', '  dropout(0.1)');
        break;
      default:
        out.push(`  layer_${i} = conv2d(16, 3, stride: 1, padding: 1, dilation: 1, activation: relu, bias: true, init: he)`);
    }
  }
  out.push('  globalavgpool2d()', '  dense(10)', '}', '', 'train {', '  data: digits()', '  loss: cross_entropy', '  optimizer: adam(lr: 0.001)', '  epochs: 3', '}');
  return out.join('\n') + '\n';
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

function time(runs: number, work: () => void): number {
  work(); // warm-up: compile the code paths before measuring
  const samples: number[] = [];
  for (let r = 0; r < runs; r++) {
    const started = performance.now();
    work();
    samples.push(performance.now() - started);
  }
  return median(samples);
}

export interface CheckBenchResult {
  readonly name: string;
  readonly lines: number;
  readonly medianMs: number;
  readonly targetMs: number;
  readonly jsonParseMs: number;
}

/** Runs the language-core benchmarks and returns their figures. */
export function runCheckBench(): CheckBenchResult[] {
  const results: CheckBenchResult[] = [];
  for (const [name, lines, targetMs, runs] of [
    // The 20,000-line model is dense code (~312,000 tokens, 15.6 a line): a worst case, not the examples' mix.
    ['check 20,000-line model', 20_000, 100, 15],
    ['re-check 500-line file', 500, 5, 200],
    // Not a target of its own: shows how the check's time splits between parsing and analysis.
    ['parse only, 20,000 lines', 20_000, Infinity, 15],
  ] as const) {
    const text = syntheticModel(lines);
    const json = JSON.stringify({ text, lines: text.split('\n') });
    const jsonParseMs = time(runs, () => JSON.parse(json) as unknown);
    const medianMs = name.startsWith('parse') ? time(runs, () => parse(text)) : time(runs, () => checkDocument(text));
    results.push({ name, lines: text.split('\n').length - 1, medianMs, targetMs, jsonParseMs });
  }
  return results;
}
