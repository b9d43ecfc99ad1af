// The printer behind the formatter, called directly. format.test.ts tests it through `formatText`,
// which only hands it text without syntax errors and always a 100-column limit; here it gets any
// token stream (its own contract: never throw, undefined exactly when brackets do not balance)
// and narrow limits, which make every width decision (join or break a call, keep a block on one
// line or expand it, a `shortcut` after a one-line block) go both ways on real files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { layoutTokens, type LayoutSettings } from '../../../core/ide/format-layout';
import { lex, parse, type Token } from '../../../core/syntax';
import { fromRoot } from '../../helpers/paths';
import { mutate, textMutation } from '../../helpers/text-mutations';

const twoSpaces: LayoutSettings = { indent: '  ', indentColumns: 2, eol: '\n', maxColumns: 100 };

function layout(text: string, settings: LayoutSettings = twoSpaces): string | undefined {
  return layoutTokens(parse(text).tokens.toArray(), settings);
}

/** Whether every `{ ( [` of the text is closed by its own kind of closer, in order. */
function bracketsBalance(tokens: readonly Token[]): boolean {
  const open: string[] = [];
  for (const token of tokens) {
    if (token.kind !== 'punctuation') continue;
    if ('{(['.includes(token.text)) open.push('})]'['{(['.indexOf(token.text)] as string);
    else if ('})]'.includes(token.text) && open.pop() !== token.text) return false;
  }
  return open.length === 0;
}

/** The code tokens the printer must keep, in order: all but `;` and a `,` right before `)` or `]`. */
function codeOf(text: string): string[] {
  const code = lex(text).tokens.filter((t) => t.kind !== 'whitespace' && t.kind !== 'newline' && t.kind !== 'comment' && t.kind !== 'eof');
  return code.filter((t, i) => t.text !== ';' && !(t.text === ',' && [')', ']'].includes(code[i + 1]?.text ?? ''))).map((t) => t.text);
}

function hasSyntaxError(text: string): boolean {
  return parse(text).diagnostics.some((d) => d.code.startsWith('DL1') || d.code.startsWith('DL2'));
}

const realFiles = ['examples', 'test/fixtures/architectures', 'test/fixtures/format'].flatMap((folder) =>
  readdirSync(fromRoot(folder))
    .filter((name) => name.endsWith('.dlmodel'))
    .sort()
    .map((name) => readFileSync(fromRoot(folder, name), 'utf8')),
);

test('brackets that do not balance give undefined, and only they do', () => {
  for (const text of ['model M {', 'model M { input [2 }', 'f(]', 'x)', ']', 'model M { dense(3 }', '{ ( [ ] ) } }']) {
    assert.equal(layout(text), undefined, JSON.stringify(text));
  }
  // The same texts with their brackets closed are printed, syntax errors or not.
  assert.equal(layout('model M {}'), 'model M {}\n');
  assert.equal(layout('f()'), 'f()\n');
  assert.notEqual(layout('x { ( [ ] ) }'), undefined);
});

test('a shortcut that is not followed by a block counts its own width only', () => {
  // Not valid dlmodel (so formatText never gets here), but the printer must measure it sensibly:
  // the one-line block stays on one line when `} shortcut` fits, and is expanded when it does not.
  const line = '  residual { relu() } shortcut';
  const text = `model M {\n${line}\n}\n`;
  assert.equal(layout(text, { ...twoSpaces, maxColumns: line.length }), text);
  assert.equal(layout(text, { ...twoSpaces, maxColumns: line.length - 1 }), 'model M {\n  residual {\n    relu()\n  } shortcut\n}\n');
});

const fragment = fc.constantFrom(
  'model', 'train', 'input', 'repeat', 'residual', 'shortcut', 'M', 'x', 'dense', 'relu',
  '{', '}', '(', ')', '[', ']', ',', ':', '=', ';', '\n', '\r\n', ' ', '\t', '# c\n', '#c', '16', '"a"', '"', '😀', '\uFEFF',
);
const mutation = textMutation(fc.array(fragment, { minLength: 1, maxLength: 4 }).map((parts) => parts.join('')));
const anySettings = fc.record({
  indent: fc.constantFrom('  ', '\t', '    '),
  indentColumns: fc.constantFrom(2, 4),
  eol: fc.constantFrom('\n', '\r\n'),
  maxColumns: fc.integer({ min: 0, max: 120 }),
});

test('any token stream: never throws, undefined exactly when brackets do not balance', () => {
  const texts = fc.oneof(
    fc.array(fragment, { maxLength: 100 }).map((parts) => parts.join('')),
    fc.tuple(fc.nat(realFiles.length - 1), fc.array(mutation, { minLength: 1, maxLength: 4 })).map(([i, ms]) => ms.reduce(mutate, realFiles[i] as string)),
  );
  fc.assert(
    fc.property(texts, anySettings, (text, settings) => {
      for (const tokens of [parse(text).tokens.toArray(), lex(text).tokens]) {
        const printed = layoutTokens(tokens, settings);
        assert.equal(printed === undefined, !bracketsBalance(tokens), JSON.stringify(text));
      }
    }),
    { numRuns: 1500 },
  );
});

test('real files at any width: the code is kept, and printing again changes nothing', () => {
  fc.assert(
    fc.property(fc.nat(realFiles.length - 1), anySettings, fc.boolean(), (i, settings, crlf) => {
      const source = crlf ? (realFiles[i] as string).replace(/\r?\n/g, '\r\n') : (realFiles[i] as string);
      const printed = layout(source, settings) as string;
      const label = `${JSON.stringify(source.slice(0, 60))}… at ${settings.maxColumns} columns`;
      assert.equal(typeof printed, 'string', label);
      assert.ok(!hasSyntaxError(printed), `${label}: parses`);
      assert.deepEqual(codeOf(printed), codeOf(source), `${label}: same code`);
      assert.equal(layout(printed, settings), printed, `${label}: idempotent`);
    }),
    { numRuns: 600 },
  );
});

test('narrow widths really break lines that fit in 100 columns', () => {
  // Without this the property above could pass by never taking the breaking paths.
  let broken = 0;
  for (const text of realFiles) {
    const wide = layout(text) as string;
    const narrow = layout(text, { ...twoSpaces, maxColumns: 12 }) as string;
    if (narrow.split('\n').length > wide.split('\n').length) broken++;
  }
  // Calls written on one line stay on one line at any width, so only some files change.
  assert.ok(broken >= 10, `only ${broken} of ${realFiles.length} files print differently at 12 columns`);
});
