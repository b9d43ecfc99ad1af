// Shared checks for the syntax tests: the invariants every parse must keep, whatever the input.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import type { Diagnostic } from '../../../core/common/diagnostic';
import { forEachChild, lex, parse, type ParseResult, type SyntaxNode, type Token } from '../../../core/syntax';
import { parseWithStats } from '../../../core/syntax/parser';
import { fromRoot } from '../../helpers/paths';

/** Asserts that tokens tile `text`: contiguous, non-overlapping, each `text` the exact slice, ending with one empty eof. */
export function assertTokensTile(text: string, tokens: readonly Token[]): void {
  let offset = 0;
  for (const [index, token] of tokens.entries()) {
    assert.equal(token.start, offset, `token ${index} (${token.kind}) starts at ${token.start}, expected ${offset}`);
    assert.ok(token.end >= token.start, `token ${index} has a negative length`);
    assert.equal(token.text, text.slice(token.start, token.end), `token ${index} text`);
    if (token.kind === 'eof') {
      assert.equal(index, tokens.length - 1, 'eof is the last token');
      assert.equal(token.start, text.length, 'eof sits at the end');
    } else {
      assert.ok(token.end > token.start, `token ${index} (${token.kind}) is empty`);
    }
    offset = token.end;
  }
  assert.equal(tokens[tokens.length - 1]?.kind, 'eof', 'the last token is eof');
}

/** Asserts that every node's range is well formed and lies inside its parent's range (iteratively). */
export function assertRangesNest(root: SyntaxNode, textLength: number): void {
  assert.equal(root.range.start, 0);
  assert.equal(root.range.end, textLength);
  const stack: SyntaxNode[] = [root];
  while (stack.length > 0) {
    const parent = stack.pop() as SyntaxNode;
    assert.ok(parent.range.start <= parent.range.end, `${parent.kind} has an inverted range`);
    const body = 'body' in parent ? parent.body : undefined;
    if (body !== undefined) {
      assert.ok(parent.range.start <= body.range.start && body.range.end <= parent.range.end, `the block of ${parent.kind} lies outside it`);
      for (const item of body.items) {
        assert.ok(body.range.start <= item.range.start && item.range.end <= body.range.end, `${item.kind} lies outside its block`);
      }
    }
    if (parent.kind === 'Call' && parent.argsRange !== undefined) {
      const args = parent.argsRange;
      assert.ok(parent.range.start <= args.start && args.end <= parent.range.end, 'argsRange lies inside the call');
      for (const arg of parent.args) assert.ok(args.start <= arg.range.start && arg.range.end <= args.end, 'arguments lie inside argsRange');
    }
    let previousStart = parent.range.start;
    forEachChild(parent, (child) => {
      assert.ok(
        parent.range.start <= child.range.start && child.range.end <= parent.range.end,
        `${child.kind} [${child.range.start},${child.range.end}) lies outside its parent ${parent.kind} [${parent.range.start},${parent.range.end})`,
      );
      assert.ok(child.range.start >= previousStart, `${child.kind} children are out of source order`);
      previousStart = child.range.start;
      stack.push(child);
      return undefined;
    });
  }
}

/** Asserts diagnostics lie within the text, are sorted, and at most one starts at any offset. */
export function assertDiagnosticsSane(diagnostics: readonly Diagnostic[], textLength: number): void {
  const starts = new Set<number>();
  let previous = 0;
  for (const d of diagnostics) {
    assert.ok(0 <= d.range.start && d.range.start <= d.range.end && d.range.end <= textLength, `${d.code} range [${d.range.start},${d.range.end}) outside [0,${textLength}]`);
    assert.ok(!starts.has(d.range.start), `two diagnostics start at ${d.range.start}`);
    assert.ok(d.range.start >= previous, 'diagnostics are in source order');
    assert.ok(d.message.length > 0);
    starts.add(d.range.start);
    previous = d.range.start;
  }
}

/**
 * Asserts that a parse's tokens are exactly the lexer's tokens without whitespace: the parse keeps
 * no whitespace token objects (a third of a file's tokens), and the gaps between its tokens are
 * what the lexer calls whitespace.
 */
export function assertParseTokensAreLexWithoutWhitespace(lexed: readonly Token[], parsed: readonly Token[]): void {
  const expected = lexed.filter((t) => t.kind !== 'whitespace');
  assert.equal(parsed.length, expected.length, 'parse tokens = lex tokens without whitespace');
  for (let i = 0; i < expected.length; i++) {
    const [a, b] = [expected[i] as Token, parsed[i] as Token];
    assert.ok(a.kind === b.kind && a.start === b.start && a.end === b.end && a.text === b.text, `parse token ${i} differs from the lexer's`);
  }
}

/** Parses and checks every invariant; returns the result. */
export function parseChecked(text: string): ParseResult {
  const result = parseWithStats(text);
  assert.equal(result.stats.stuckAt, undefined, 'the parser step guard fired');
  assertRangesNest(result.file, text.length);
  assertDiagnosticsSane(result.diagnostics, text.length);
  const lexed = lex(text);
  assertTokensTile(text, lexed.tokens);
  assertParseTokensAreLexWithoutWhitespace(lexed.tokens, result.tokens.toArray());
  assertDiagnosticsSane(lexed.diagnostics, text.length);
  return parse(text);
}

/** `code [start,end) message` lines, as golden files show diagnostics. */
export function formatDiagnostics(diagnostics: readonly Diagnostic[]): string {
  return diagnostics.map((d) => `${d.code} [${d.range.start},${d.range.end}) ${d.message}\n`).join('');
}

/** The syntax fixtures folder. */
export const syntaxFixtures = fromRoot('test/fixtures/syntax');

/** Every `.dlmodel` file of examples/ and test/fixtures/syntax/, as [name, text]. */
export function sampleFiles(): [string, string][] {
  const files: [string, string][] = [];
  for (const folder of [fromRoot('examples'), syntaxFixtures]) {
    if (!existsSync(folder)) continue;
    for (const name of readdirSync(folder).sort()) {
      if (name.endsWith('.dlmodel')) files.push([`${folder}/${name}`, readFileSync(`${folder}/${name}`, 'utf8')]);
    }
  }
  return files;
}
