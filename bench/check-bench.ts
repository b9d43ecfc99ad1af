// Benchmarks of the language core: checking a 20,000-line model, and re-checking a 500-line file
// (what the language server does on each keystroke). Each figure is CPU time (process.cpuUsage:
// on this busy 2-core machine wall-clock medians of the same code swung 36–156× JSON.parse between
// runs), the median of interleaved rounds after a warm-up, and is also given as the median per-round
// ratio to JSON.parse of a document holding the same text ({ text, lines }) measured in the same
// round, so numbers from a busy machine can still be compared.
import { checkDocument } from '../core/analysis';
import { cursorContext } from '../core/ide/tokens-at';
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

/** CPU milliseconds (this thread and the collector's helpers) spent by `work`. */
function cpuMs(work: () => void): number {
  const before = process.cpuUsage();
  work();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

/**
 * Medians over `runs` interleaved rounds of the work's CPU time, the reference's, and their ratio.
 * Each sample repeats its work until it spans tens of milliseconds: the process's CPU clock may
 * advance in ticks of a few milliseconds, which would swamp a single short run.
 */
function timeAgainst(runs: number, repeats: number, work: () => void, reference: () => void): { workMs: number; referenceMs: number; ratio: number } {
  work(); // warm-up: compile the code paths before measuring
  reference();
  const works: number[] = [];
  const references: number[] = [];
  const ratios: number[] = [];
  for (let r = 0; r < runs; r++) {
    const referenceMs = cpuMs(() => {
      for (let i = 0; i < 10 * repeats; i++) reference();
    }) / (10 * repeats);
    const workMs = cpuMs(() => {
      for (let i = 0; i < repeats; i++) work();
    }) / repeats;
    works.push(workMs);
    references.push(referenceMs);
    ratios.push(workMs / Math.max(referenceMs, 1e-3));
  }
  return { workMs: median(works), referenceMs: median(references), ratio: median(ratios) };
}

export interface CheckBenchResult {
  readonly name: string;
  readonly lines: number;
  /** Median CPU time of the work. */
  readonly medianMs: number;
  readonly targetMs: number;
  /** Median CPU time of JSON.parse of the reference document. */
  readonly jsonParseMs: number;
  /** Median over rounds of work ÷ JSON.parse, both measured in the same round. */
  readonly ratio: number;
}

/** Runs the language-core benchmarks and returns their figures. */
export function runCheckBench(): CheckBenchResult[] {
  const results: CheckBenchResult[] = [];
  for (const [name, lines, targetMs, runs] of [
    // The 20,000-line model is dense code (~312,000 tokens, 15.6 a line): a worst case, not the examples' mix.
    ['check 20,000-line model', 20_000, 100, 15],
    ['re-check 500-line file', 500, 5, 15],
    // Typing: the check, then completion's look at the tokens before the cursor (mid-file): what a
    // keystroke with the suggestion list open costs.
    ['check + completion, 20,000 lines', 20_000, 100, 15],
    // Not a target of its own: shows how the check's time splits between parsing and analysis.
    ['parse only, 20,000 lines', 20_000, Infinity, 15],
  ] as const) {
    const text = syntheticModel(lines);
    const json = JSON.stringify({ text, lines: text.split('\n') });
    const cursor = text.indexOf('activation: re', text.length >> 1) + 'activation: re'.length;
    const work = name.startsWith('parse') ? () => void parse(text) : name.includes('completion') ? () => void cursorContext(checkDocument(text), cursor) : () => void checkDocument(text);
    const repeats = Math.max(1, Math.round(20_000 / lines) * 2);
    const measured = timeAgainst(runs, repeats, work, () => void JSON.parse(json));
    results.push({ name, lines: text.split('\n').length - 1, medianMs: measured.workMs, targetMs, jsonParseMs: measured.referenceMs, ratio: measured.ratio });
  }
  return results;
}
