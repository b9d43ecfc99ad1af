// Generating text with the tiny GPT (examples/tiny-gpt.dlmodel, context 64): characters per second
// with the key/value cache (core/generate/kv-cache.ts; target ≥ 200), and with one forward pass
// over the whole 64-token window per character (TextGenerator's sliding window, what the other
// text models use: every position shifts each step, so nothing can be kept). Weights are the seed's: the work
// does not depend on them. Each figure is the best of three runs of the process's CPU time (user +
// system), as the other benches, so a busy machine disturbs it less.
// Standalone: node out/bench/generate-bench.js
import { readFileSync } from 'node:fs';
import { checkDocument } from '../core/analysis';
import { Random } from '../core/common/random';
import { AnchoredTextGenerator, KeyValueCache, TextGenerator, type CharacterGenerator, type TextGenerationModel } from '../core/generate';
import { Network } from '../core/nn/network';

export interface GenerateBenchRow {
  readonly name: string;
  readonly charactersPerSecond: number;
  /** NaN: no target. */
  readonly target: number;
}

function tinyGpt(): TextGenerationModel {
  const text = readFileSync('examples/tiny-gpt.dlmodel', 'utf8');
  const model = checkDocument(text, { documentFolder: '' }).models[0]!;
  // 40 tokens as the corpus has; with "\n" at index 20, greedy decoding from the seed-1 weights
  // never draws it in 300 characters, so the line runs past the context and the cache's restarts
  // (half a context fed again every half context) are part of the measurement.
  const vocabulary = Array.from({ length: 39 }, (_, i) => String.fromCharCode(65 + i));
  vocabulary.splice(20, 0, '\n');
  return { network: new Network(model, new Random(1)), info: { vocabulary, context: 64, targets: 'all' } };
}

function charactersPerSecond(characters: number, make: () => CharacterGenerator): number {
  let best = Infinity;
  for (let run = 0; run < 3; run++) {
    const generator = make();
    const started = process.cpuUsage();
    for (let i = 0; i < characters; i++) generator.next();
    const used = process.cpuUsage(started);
    best = Math.min(best, (used.user + used.system) / 1e6);
  }
  return characters / best;
}

export function runGenerateBench(): GenerateBenchRow[] {
  const model = tinyGpt();
  const options = { temperature: 0, topK: 0, seed: 1 };
  const count = 300;
  return [
    { name: 'tiny GPT, key/value cache', charactersPerSecond: charactersPerSecond(count, () => new AnchoredTextGenerator(model, KeyValueCache.create(model.network)!, options)), target: 200 },
    { name: 'tiny GPT, whole context per character', charactersPerSecond: charactersPerSecond(count / 3, () => new TextGenerator(model, options)), target: NaN },
  ];
}

/** Prints the rows; returns how many missed their target. */
export function printGenerateBench(rows: readonly GenerateBenchRow[]): number {
  console.log('\ngeneration (core/generate, CPU time)      chars/s   target   ×cache');
  const cached = rows[0]!.charactersPerSecond;
  let missed = 0;
  for (const row of rows) {
    const ok = !(row.charactersPerSecond < row.target);
    if (!ok) missed++;
    const target = Number.isFinite(row.target) ? `≥ ${row.target}` : '—';
    console.log(`${row.name.padEnd(40)} ${row.charactersPerSecond.toFixed(0).padStart(8)}   ${target.padStart(6)}   ${(row.charactersPerSecond / cached).toFixed(2).padStart(5)}  ${ok ? 'ok' : 'MISSED'}`);
  }
  return missed;
}

if (require.main === module) printGenerateBench(runGenerateBench());
