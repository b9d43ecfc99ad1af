// A bounded, seeded fuzz campaign over everything that reads a document: the example files and
// reference architectures, mutated (insertions of language fragments, deletions, truncations,
// duplicated chunks), then parsed, checked, and asked for every editor feature at random offsets.
// Nothing may throw, every result must be well formed, and no input may take more than 10× the
// running median of inputs from the same file (and more than a floor that load alone never
// reaches): that is a hang or a quadratic blow-up, printed with its input.
//   FUZZ_SEED=N FUZZ_RUNS=N node --test out/test/core/ide/fuzz-campaign.test.js   (a bigger campaign)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import fc from 'fast-check';
import { checkDocument } from '../../../core/analysis';
import type { TextRange } from '../../../core/common/range';
import * as ide from '../../../core/ide';
import { applyEdits } from '../../helpers/markers';
import { fromRoot } from '../../helpers/paths';
import { mutate, textMutation } from '../../helpers/text-mutations';
import { parseChecked } from '../syntax/syntax-helpers';

const seed = Number(process.env['FUZZ_SEED'] ?? 20240611);
const runs = Number(process.env['FUZZ_RUNS'] ?? 3000);

/** The files mutated: every example and every reference architecture. */
const files: readonly { readonly name: string; readonly text: string }[] = [
  ...['examples', 'test/fixtures/architectures'].flatMap((folder) =>
    readdirSync(fromRoot(folder))
      .filter((name) => name.endsWith('.dlmodel'))
      .sort()
      .map((name) => ({ name: `${folder}/${name}`, text: readFileSync(fromRoot(folder, name), 'utf8') })),
  ),
];

/** Fragments of the language and characters that stress the lexer, inserted by the mutations. */
const fragment = fc.constantFrom(
  'model', 'train', 'input', 'repeat', 'residual', 'shortcut', 'true', 'false', 'full',
  '{', '}', '(', ')', '[', ']', ',', ':', '=', '\n', '\r\n', ' ', '  ', '\t', '#', '# c\n',
  'dense(', 'conv2d(3, 3', 'maxpool2d(2)', 'flatten()', 'embedding(40, 4)', 'softmax()', 'relu', 'activation: ', 'padding: same', 'stride: ',
  'repeat 3 {', 'residual {', '} shortcut {', 'input [1, 8, 8]', 'input [', 'x = ', 'M', 'loss: mse', 'data: digits()', 'epochs: ', 'batch: ',
  '16', '0', '-3', '.5', '1e-3', '1e308', '999999', '1_000', '12abc', '"', '"a"', '"data/iris.csv"', '\\', '\0', '😀', 'é', '\uFEFF', '\uD800',
);
const insertText = fc.array(fragment, { minLength: 1, maxLength: 4 }).map((parts) => parts.join(''));

const input = fc.record({
  file: fc.nat(files.length - 1),
  mutations: fc.array(textMutation(insertText), { minLength: 1, maxLength: 4 }),
  offsets: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 4 }),
});
type Input = typeof input extends fc.Arbitrary<infer I> ? I : never;

function assertRange(range: TextRange, length: number, what: string): void {
  assert.ok(Number.isInteger(range.start) && Number.isInteger(range.end), `${what}: integer offsets`);
  assert.ok(0 <= range.start && range.start <= range.end && range.end <= length, `${what}: [${range.start}, ${range.end}) outside [0, ${length}]`);
}

/** Edits in document order that do not overlap. */
function assertEdits(edits: readonly { range: TextRange; newText: string }[], length: number, what: string): void {
  const sorted = [...edits].sort((a, b) => a.range.start - b.range.start);
  sorted.forEach((edit, i) => {
    assertRange(edit.range, length, what);
    if (i > 0) assert.ok(sorted[i - 1]!.range.end <= edit.range.start, `${what}: overlapping edits`);
  });
}

/** Runs every reader over one mutated text and checks its results. */
function exercise(text: string, offsets: readonly number[]): void {
  const length = text.length;
  parseChecked(text);
  const analysis = checkDocument(text);
  for (const d of analysis.diagnostics) assertRange(d.range, length, `${d.code}`);
  for (const hint of ide.inlayHints(analysis)) assert.ok(hint.offset >= 0 && hint.offset <= length, 'inlay hint offset');
  for (const lens of ide.codeLenses(analysis)) assertRange(lens.range, length, 'code lens');
  const symbols = [...ide.documentSymbols(analysis)];
  while (symbols.length > 0) {
    const symbol = symbols.pop()!;
    assertRange(symbol.range, length, 'symbol');
    assertRange(symbol.selectionRange, length, 'symbol selection');
    symbols.push(...symbol.children);
  }
  for (const fold of ide.foldingRanges(analysis, text)) assertRange(fold.range, length, 'folding range');
  const formatted = ide.formatText(text);
  assert.equal(ide.formatText(formatted), formatted, 'formatting is idempotent');
  const edits = ide.formatDocument(text);
  assertEdits(edits, length, 'formatting');
  if (edits.length > 0) assert.equal(applyEdits(text, edits), formatted, "formatDocument's edits give formatText");
  for (const relative of offsets) {
    const offset = Math.min(length, Math.floor(relative * (length + 1)));
    const hover = ide.hover(analysis, offset);
    if (hover) assertRange(hover.range, length, 'hover');
    for (const item of ide.completions(analysis, offset)) assertRange({ start: item.replaceStart, end: item.replaceEnd }, length, `completion ${item.label}`);
    const signature = ide.signatureHelp(analysis, offset);
    if (signature) for (const p of signature.parameters) assert.ok(0 <= p.range[0] && p.range[0] <= p.range[1] && p.range[1] <= signature.label.length, 'signature parameter range');
    for (const action of ide.codeActions(analysis, { start: Math.max(0, offset - 20), end: Math.min(length, offset + 20) })) assertEdits(action.edits, length, `quick fix ${action.title}`);
    const symbol = ide.symbolAt(analysis, offset);
    if (symbol) for (const r of symbol.occurrences) assertRange(r, length, 'reference');
    const renamed = ide.rename(analysis, offset, 'renamed_1');
    if (renamed.ok) assertEdits(renamed.edits, length, 'rename');
  }
}

/** The running median of a list kept sorted. */
class RunningMedian {
  private readonly sorted: number[] = [];
  add(value: number): void {
    let low = 0;
    let high = this.sorted.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.sorted[middle]! < value) low = middle + 1;
      else high = middle;
    }
    this.sorted.splice(low, 0, value);
  }
  get count(): number {
    return this.sorted.length;
  }
  get median(): number {
    return this.sorted[this.sorted.length >> 1] ?? 0;
  }
}

/** Fails only on a hang or blow-up: over 10× this file's median, over the floor, and again when retried. */
const slowFactor = 10;
const slowFloorMs = 500;
const warmUp = 5;

test(`fuzz campaign: mutated examples through parse, check and every editor feature (seed ${seed}, ${runs} runs)`, () => {
  const medians = files.map(() => new RunningMedian());
  let inputs = 0;
  let slowest = { ratio: 0, ms: 0, file: '' };
  const started = performance.now();
  const timed = (text: string, offsets: readonly number[]): number => {
    const begin = performance.now();
    try {
      exercise(text, offsets);
    } catch (error) {
      throw new Error(`${error instanceof Error ? error.message : String(error)}\n  offsets ${JSON.stringify(offsets)} of the input ${JSON.stringify(text)}`, { cause: error });
    }
    return performance.now() - begin;
  };
  const property = fc.property(input, ({ file, mutations, offsets }: Input) => {
    const source = files[file]!;
    const text = mutations.reduce((current, m) => mutate(current, m), source.text);
    let elapsed = timed(text, offsets);
    const median = medians[file]!;
    const slow = (ms: number) => median.count >= warmUp && ms > slowFactor * median.median && ms > slowFloorMs;
    // One retry, so that a pause of the machine (GC, another process) is not taken for a hang.
    if (slow(elapsed)) elapsed = timed(text, offsets);
    if (median.count >= warmUp && median.median > 0) slowest = elapsed / median.median > slowest.ratio ? { ratio: elapsed / median.median, ms: elapsed, file: source.name } : slowest;
    assert.ok(!slow(elapsed), `${source.name} mutated took ${elapsed.toFixed(0)} ms, ${(elapsed / median.median).toFixed(0)}× the median of its ${median.count} inputs; input: ${JSON.stringify(text)}`);
    median.add(elapsed);
    inputs++;
  });
  // No shrinking: a slow input must be reported as it was measured, and the input is in the message.
  const details = fc.check(property, { seed, numRuns: runs, endOnFailure: true });
  if (details.failed) {
    const cause = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
    assert.fail(`fuzz campaign (seed ${seed}) failed on input ${details.numRuns} (replay: FUZZ_SEED=${seed} FUZZ_RUNS=${details.numRuns}): ${cause}`);
  }
  console.log(`fuzz campaign: seed ${seed}, ${inputs} inputs over ${files.length} files in ${((performance.now() - started) / 1000).toFixed(1)} s; slowest ${slowest.ratio.toFixed(0)}× its file's median (${slowest.ms.toFixed(1)} ms, ${slowest.file})`);
});
