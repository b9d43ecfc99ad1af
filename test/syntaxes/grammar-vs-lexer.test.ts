// The grammar must cut text where the lexer (core/syntax) cuts it and mark as invalid exactly what
// the lexer reports as a lexical error (DL101–DL104), so the editor's colours never disagree with
// the diagnostics. Checked on every .dlmodel file of the repository and on random token soup.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import type { IGrammar } from 'vscode-textmate';
import { lex, type Token } from '../../core/syntax';
import { formatToken, loadGrammar, repositoryModelFiles, tokenize, type ScopedToken } from './grammar-helpers';

/** A grammar token with its offsets in the whole text. */
interface PlacedToken extends ScopedToken {
  readonly start: number;
  readonly end: number;
}

function place(tokens: readonly ScopedToken[], text: string): PlacedToken[] {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  return tokens.map((token) => {
    const start = (lineStarts[token.line - 1] ?? 0) + token.column - 1;
    return { ...token, start, end: start + token.text.length };
  });
}

const innermost = (token: ScopedToken): string => token.scopes[token.scopes.length - 1] ?? '';
const has = (token: ScopedToken, prefix: string): boolean => token.scopes.some((scope) => scope.startsWith(prefix));

/** Scope prefixes the grammar may give a lexer token of each kind that is one grammar token. */
const singleTokenScopes: Partial<Record<Token['kind'], readonly string[]>> = {
  // `as` after a repeat's count is a word the parser reads as a keyword there only (`repeat 6 as x`).
  identifier: ['variable.', 'support.function.', 'support.constant.', 'entity.name.', 'support.type.property-name.', 'keyword.control.as.'],
  // A keyword before ':' is shown as the key it is written as (`model:` in a train block); `input`
  // as a value (`from: input`) is the model's input, variable.language.
  keyword: ['storage.type.', 'keyword.', 'constant.language.boolean.', 'support.type.property-name.', 'variable.parameter.', 'variable.language.input.'],
  number: ['constant.numeric.', 'invalid.illegal.numeric.'],
  punctuation: ['punctuation.', 'keyword.operator.assignment.'],
};

/** Scope every grammar token inside a lexer token of these kinds carries. */
const spanScopes: Partial<Record<Token['kind'], string>> = {
  comment: 'comment.line.number-sign.',
  string: 'string.quoted.double.',
  unknown: 'invalid.illegal.character.',
};

/** Every disagreement between the lexer and the grammar on one text, as readable lines. */
function disagreements(grammar: IGrammar, text: string): string[] {
  const placed = place(tokenize(grammar, text), text);
  const lexed = lex(text);
  const problems: string[] = [];
  const show = (token: Token): string => `${token.kind} ${JSON.stringify(token.text)} at ${token.start}`;
  for (const token of lexed.tokens) {
    const inside = placed.filter((piece) => piece.start < token.end && piece.end > token.start);
    const single = singleTokenScopes[token.kind];
    if (single !== undefined) {
      const [piece] = inside;
      if (inside.length !== 1 || piece === undefined || piece.start !== token.start || piece.end !== token.end) {
        problems.push(`${show(token)} is cut differently: ${inside.map(formatToken).join(' | ')}`);
      } else if (!single.some((prefix) => innermost(piece).startsWith(prefix))) {
        problems.push(`${show(token)} has an unexpected scope: ${formatToken(piece)}`);
      }
    }
    const span = spanScopes[token.kind];
    if (span !== undefined) {
      const bad = inside.filter((piece) => !has(piece, span) || piece.start < token.start || piece.end > token.end);
      if (bad.length > 0 || inside[0]?.start !== token.start) problems.push(`${show(token)} is not one ${span}* span: ${inside.map(formatToken).join(' | ')}`);
    }
  }
  const lexicalErrors = new Set(lexed.diagnostics.filter((d) => /^DL10[1-4]$/.test(d.code)).map((d) => d.range.start));
  const invalidStarts = new Set(placed.filter((piece) => has(piece, 'invalid.')).map((piece) => piece.start));
  for (const start of lexicalErrors) if (!invalidStarts.has(start)) problems.push(`the lexer reports an error at ${start}; the grammar marks nothing there`);
  for (const start of invalidStarts) if (!lexicalErrors.has(start)) problems.push(`the grammar marks ${start} invalid; the lexer reports nothing there`);
  return problems;
}

test('on every .dlmodel file of the repository the grammar cuts and flags text as the lexer does', async () => {
  const grammar = await loadGrammar();
  for (const file of repositoryModelFiles()) {
    const text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
    assert.deepEqual(disagreements(grammar, text), [], file);
  }
});

test('on random token soup the grammar cuts and flags text as the lexer does', async () => {
  const grammar = await loadGrammar();
  const pieces = [
    'model', 'train', 'input', 'repeat', 'residual', 'shortcut', 'true', 'false', 'dense', 'relu', 'same', 'x', 'Café', 'e', 'E', '_',
    '0', '1', '42', '.', '-', '+', 'e-', 'E+', '1.', '-.5', '1_000', '2.5E+4', '0x1F',
    '"', '\\', '\\n', '\\"', '\\q', "'", '#', '@', '/', '¿', '\u00a0', '😀',
    '{', '}', '(', ')', '[', ']', ',', ':', '=', ';', ' ', '  ', '\t', '\n', '\n  ',
  ];
  const run = fc.check(
    fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 40 }), (parts) => disagreements(grammar, parts.join('')).length === 0),
    { numRuns: 2000 },
  );
  // Re-run the shrunk counterexample to show what differs (fast-check only reports the input).
  const text = run.counterexample?.[0].join('') ?? '';
  assert.deepEqual(disagreements(grammar, text), [], `seed ${run.seed}: ${JSON.stringify(text)}`);
  assert.ok(!run.failed, run.errorInstance instanceof Error ? run.errorInstance.message : `seed ${run.seed}`);
});
