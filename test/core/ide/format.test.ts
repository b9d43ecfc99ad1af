// The formatter: golden fixtures (test/fixtures/format/NAME.dlmodel → NAME.formatted.dlmodel,
// rewritten with UPDATE_GOLDEN=1), the examples and reference architectures, focused cases for
// each rule of the style, and property tests over generated valid files, random text and
// mutated examples. Every formatted text is checked against the same invariants (`checkFormat`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import fc from 'fast-check';
import { mutate, textMutation } from '../../helpers/text-mutations';
import type { TextEdit } from '../../../core/common/diagnostic';
import { formatDocument, formatText } from '../../../core/ide/format';
import { lex, parse, type Token } from '../../../core/syntax';
import { applyEdits } from '../../helpers/markers';
import { fromRoot } from '../../helpers/paths';

const update = process.env.UPDATE_GOLDEN === '1';
const formatFixtures = fromRoot('test/fixtures/format');

function hasSyntaxError(text: string): boolean {
  return parse(text).diagnostics.some((d) => d.code.startsWith('DL1') || d.code.startsWith('DL2'));
}

function isCode(token: Token): boolean {
  return token.kind !== 'whitespace' && token.kind !== 'newline' && token.kind !== 'comment' && token.kind !== 'eof';
}

/**
 * The code of a text as `kind text` strings, without `;` and trailing commas: the two things the
 * formatter removes, both meaningless (`;` is a line break, and the grammar allows `, )`).
 */
function codeTokens(text: string): string[] {
  const code = lex(text).tokens.filter(isCode);
  return code
    .filter((token, i) => token.text !== ';' && !(token.text === ',' && [')', ']'].includes(code[i + 1]?.text ?? '')))
    .map((token) => `${token.kind} ${token.text}`);
}

/** Every comment, trailing spaces and tabs trimmed (the formatter trims them). */
function comments(text: string): string[] {
  return lex(text).tokens.filter((token) => token.kind === 'comment').map((token) => token.text.replace(/[ \t]+$/, ''));
}

/** Per output line: its indent, first and last code token, and whether it is blank. */
function lineSummaries(text: string): { indent: string; first?: string; last?: string; blank: boolean }[] {
  const lines: { indent: string; first?: string; last?: string; blank: boolean }[] = [];
  let line: { indent: string; first?: string; last?: string; blank: boolean } = { indent: '', blank: true };
  for (const token of lex(text).tokens) {
    if (token.kind === 'newline' || token.kind === 'eof') {
      lines.push(line);
      line = { indent: '', blank: true };
      continue;
    }
    if (token.kind === 'whitespace') {
      if (line.blank) line.indent = token.text.replace('\uFEFF', '');
      continue;
    }
    line.blank = false;
    if (token.kind === 'comment') continue;
    line.first ??= token.text;
    line.last = token.text;
  }
  return lines;
}

/** Asserts that edits are sorted, do not overlap and stay inside the text. */
function assertWellFormedEdits(text: string, edits: readonly TextEdit[]): void {
  let end = 0;
  for (const edit of edits) {
    assert.ok(edit.range.start >= end && edit.range.start <= edit.range.end && edit.range.end <= text.length, `bad edit ${JSON.stringify(edit)}`);
    end = edit.range.end;
  }
}

/**
 * Formats `text` and checks every invariant of the formatter on the result: same code and
 * comments, no new syntax error, idempotent, `formatDocument`'s edits produce `formatText`'s
 * text and are empty on formatted text, and the output follows the layout rules that can be
 * checked line by line. Returns the formatted text.
 */
function checkFormat(text: string, label: string, indent = '  '): string {
  const formatted = formatText(text, { indent });
  const edits = formatDocument(text, { indent });
  assertWellFormedEdits(text, edits);
  assert.equal(applyEdits(text, edits), formatted, `${label}: the edits give formatText's output`);
  if (hasSyntaxError(text)) {
    assert.deepEqual(edits, [], `${label}: no edits on text with a syntax error`);
    assert.equal(formatted, text, `${label}: text with a syntax error is returned as it is`);
    return formatted;
  }
  assert.equal(edits.length === 0, formatted === text, `${label}: edits exactly when the text changes`);
  assert.deepEqual(codeTokens(formatted), codeTokens(text), `${label}: the code is unchanged`);
  assert.deepEqual(comments(formatted), comments(text), `${label}: the comments are unchanged`);
  assert.ok(!hasSyntaxError(formatted), `${label}: the output parses without syntax errors`);
  assert.equal(formatText(formatted, { indent }), formatted, `${label}: formatting is idempotent`);
  assert.deepEqual(formatDocument(formatted, { indent }), [], `${label}: no edits on formatted text`);

  const content = formatted.replace(/^\uFEFF/, '');
  if (content === '') return formatted;
  const eol = formatted.includes('\r\n') ? '\r\n' : '\n';
  assert.ok(formatted.endsWith(eol) && !formatted.endsWith(eol + eol), `${label}: ends with exactly one line ending`);
  assert.ok(!/[ \t]\r?\n/.test(formatted), `${label}: no trailing whitespace`);
  assert.ok(eol === '\n' || !/[^\r]\n/.test(formatted), `${label}: one line-ending style`);
  const lines = lineSummaries(content.slice(0, -eol.length));
  assert.ok(lines[0]?.blank === false, `${label}: no blank line at the start`);
  for (const [i, line] of lines.entries()) {
    const previous = lines[i - 1];
    const next = lines[i + 1];
    assert.ok(line.indent === '' || line.indent.split(indent).every((part) => part === ''), `${label}: line ${i + 1} is indented by whole levels`);
    assert.notEqual(line.first, ';', `${label}: line ${i + 1} starts with ';'`);
    if (!line.blank) continue;
    assert.ok(previous !== undefined && !previous.blank, `${label}: line ${i + 1} is a second blank line`);
    assert.notEqual(previous.last, '{', `${label}: blank line ${i + 1} follows '{'`);
    assert.notEqual(next?.first, '}', `${label}: blank line ${i + 1} precedes '}'`);
  }
  for (const [i, line] of lines.entries()) {
    // A line at the top level ending in `}` ends a declaration: exactly one blank line follows.
    if (line.indent !== '' || line.last !== '}' || i === lines.length - 1) continue;
    assert.ok(lines[i + 1]?.blank === true && lines[i + 2]?.blank === false, `${label}: one blank line after the declaration ending on line ${i + 1}`);
  }
  assert.ok(!codeTokens(formatted).includes('punctuation ;') && !lex(formatted).tokens.some((t) => t.text === ';'), `${label}: no ';' left`);
  return formatted;
}

// ---------------------------------------------------------------------------------------------
// Golden fixtures

const goldenInputs = readdirSync(formatFixtures).filter((name) => name.endsWith('.dlmodel') && !name.endsWith('.formatted.dlmodel')).sort();

for (const name of goldenInputs) {
  test(`golden format: ${name}`, () => {
    const text = readFileSync(`${formatFixtures}/${name}`, 'utf8');
    assert.ok(!hasSyntaxError(text), `${name} must be free of syntax errors to be formatted`);
    const actual = checkFormat(text, name);
    const goldenPath = `${formatFixtures}/${name.replace(/\.dlmodel$/, '.formatted.dlmodel')}`;
    if (update || !existsSync(goldenPath)) {
      writeFileSync(goldenPath, actual);
      if (!update) assert.fail(`wrote missing golden file ${goldenPath}; review it and run again`);
      return;
    }
    assert.equal(actual, readFileSync(goldenPath, 'utf8'), `${name} formats differently from its golden file (UPDATE_GOLDEN=1 rewrites it)`);
  });
}

test('golden fixtures cover the cases the style names', () => {
  assert.deepEqual(goldenInputs, [
    'comments.dlmodel',
    'crlf.dlmodel',
    'messy-spacing.dlmodel',
    'multiline-calls.dlmodel',
    'residual.dlmodel',
    'semicolons.dlmodel',
    'single-line-blocks.dlmodel',
    'train-blocks.dlmodel',
  ]);
  // The CRLF fixture must really have CRLF line endings (a checkout could convert them).
  const crlf = readFileSync(`${formatFixtures}/crlf.dlmodel`, 'utf8');
  assert.ok(crlf.includes('\r\n') && !/[^\r]\n/.test(crlf), 'crlf.dlmodel has \\r\\n line endings');
  assert.ok(readFileSync(`${formatFixtures}/crlf.formatted.dlmodel`, 'utf8').includes('\r\n'));
  // The comments fixture ends in a comment without a line break.
  assert.ok(!readFileSync(`${formatFixtures}/comments.dlmodel`, 'utf8').endsWith('\n'));
});

test('golden outputs are formatted', () => {
  for (const name of goldenInputs) {
    const formatted = readFileSync(`${formatFixtures}/${name.replace(/\.dlmodel$/, '.formatted.dlmodel')}`, 'utf8');
    assert.deepEqual(formatDocument(formatted), [], name);
  }
});

// ---------------------------------------------------------------------------------------------
// Examples and reference architectures

function dlmodelFiles(folder: string): [string, string][] {
  return readdirSync(fromRoot(folder))
    .filter((name) => name.endsWith('.dlmodel'))
    .sort()
    .map((name) => [`${folder}/${name}`, readFileSync(fromRoot(folder, name), 'utf8')]);
}

const examples = dlmodelFiles('examples');
const architectures = dlmodelFiles('test/fixtures/architectures');

/**
 * Examples not in the canonical layout, each only because its trailing comments are aligned in a
 * column, where the style puts exactly two spaces before `#`. The examples belong to their
 * authors: this list is reported to them rather than the files rewritten. Remove a name once its
 * file is reformatted (the test below fails when an entry is no longer needed).
 */
// Every example is in the canonical layout (they were formatted with this formatter).
const examplesWithAlignedComments = new Set<string>([]);

/** The text with exactly two spaces before every trailing comment (a comment after code on its line). */
function withTwoSpacesBeforeTrailingComments(text: string): string {
  const tokens = lex(text).tokens;
  return tokens
    .map((token, i) => {
      const next = tokens[i + 1];
      const previous = tokens[i - 1];
      const trailingGap = token.kind === 'whitespace' && next?.kind === 'comment' && previous !== undefined && previous.kind !== 'newline';
      return trailingGap ? '  ' : token.text;
    })
    .join('');
}

test('the examples and architectures are found', () => {
  assert.ok(examples.length >= 10, 'examples/*.dlmodel');
  assert.ok(architectures.length >= 10, 'test/fixtures/architectures/*.dlmodel');
});

for (const [path, text] of [...examples, ...architectures]) {
  test(`format: ${path} is ${examplesWithAlignedComments.has(path) ? 'formatted but for its aligned comments' : 'already formatted'}`, () => {
    assert.ok(!hasSyntaxError(text), `${path} has no syntax error`);
    const formatted = checkFormat(text, path);
    if (examplesWithAlignedComments.has(path)) {
      assert.notEqual(formatted, text, `${path} is formatted now: remove it from examplesWithAlignedComments`);
      assert.equal(formatted, withTwoSpacesBeforeTrailingComments(text), `${path} differs by more than comment alignment`);
    } else {
      assert.equal(formatted, text, `${path} is not in the canonical layout`);
      assert.deepEqual(formatDocument(text), []);
    }
    checkFormat(text.replace(/\n/g, '\r\n'), `${path} with CRLF`);
    checkFormat(text, `${path} with tabs`, '\t');
  });
}

test('the valid syntax fixtures format cleanly, the broken ones are left alone', () => {
  for (const [path, text] of dlmodelFiles('test/fixtures/syntax')) checkFormat(text, path);
});

// ---------------------------------------------------------------------------------------------
// One rule at a time

/** Formats and checks; `expected` is written with `\n`. */
function formatsTo(input: string, expected: string, indent?: string): void {
  const actual = checkFormat(input, JSON.stringify(input), indent);
  assert.equal(actual, expected);
}

test('formatted text gives no edits, and edits touch only the whitespace that changes', () => {
  const formatted = 'model A {\n  input [2]\n  dense(1)\n}\n';
  assert.deepEqual(formatDocument(formatted), []);
  const text = 'model A {\n      input [2]\n  dense( 1 )\n}\n';
  assert.deepEqual(formatDocument(text), [
    { range: { start: 12, end: 16 }, newText: '' },
    { range: { start: 34, end: 35 }, newText: '' },
    { range: { start: 36, end: 37 }, newText: '' },
  ]);
  assert.equal(applyEdits(text, formatDocument(text)), formatted);
});

test('text with a syntax error is never formatted', () => {
  for (const text of [
    'model A {\n  input [2]\n  dense(3\n}\n', // DL201, mid-typing
    'model   A {\n  input [2]\n  dense(3, @)\n}\n', // DL101
    'model A {\n  input [2]\n    dense("x)\n}\n', // DL102
    'model  A {\n  input [2]\n}\nfoo\n', // DL205
    'model A {\n  dense(3)\n}\n', // DL208: the rule is "any DL1xx or DL2xx", structural checks included
  ]) {
    assert.ok(hasSyntaxError(text));
    assert.deepEqual(formatDocument(text), []);
    assert.equal(formatText(text), text);
  }
});

test('empty and blank files', () => {
  formatsTo('', '');
  formatsTo('\n\n  \n', '');
  formatsTo('# only a comment', '# only a comment\n');
  formatsTo('\n\n# a\n\n\n   # b   \n\n', '# a\n\n# b\n');
});

test('a byte order mark is kept', () => {
  formatsTo('\uFEFFmodel A {  input [2]\n}', '\uFEFFmodel A {\n  input [2]\n}\n');
  formatsTo('\uFEFF# c\n', '\uFEFF# c\n');
});

test('line endings follow the majority of the file', () => {
  formatsTo('model A {\r\n  input [2]\r\n  dense(1)\n}\r\n', 'model A {\r\n  input [2]\r\n  dense(1)\r\n}\r\n');
  formatsTo('model A {\r\n  input [2]\n  dense(1)\n}\n', 'model A {\n  input [2]\n  dense(1)\n}\n');
});

test('the indent option', () => {
  const text = 'model A {\ninput [2]\nrepeat 2 {\ndense(2, activation:  # c\nrelu)\n}\n}\n';
  formatsTo(text, 'model A {\n\tinput [2]\n\trepeat 2 {\n\t\tdense(\n\t\t\t2,\n\t\t\tactivation:  # c\n\t\t\trelu\n\t\t)\n\t}\n}\n', '\t');
  formatsTo(text, 'model A {\n    input [2]\n    repeat 2 {\n        dense(\n            2,\n            activation:  # c\n            relu\n        )\n    }\n}\n', '    ');
  // An indent that is not blank would change the code: the default is used instead.
  assert.equal(formatText(text, { indent: 'x' }), formatText(text));
  assert.equal(formatText(text, { indent: '' }), formatText(text));
});

test('spacing around punctuation', () => {
  formatsTo(
    'model   A{input[3 ,32,32,]\nx=conv2d (8,[3 ,3],padding : same , bias:false)}\n',
    'model A {\n  input [3, 32, 32]\n  x = conv2d(8, [3, 3], padding: same, bias: false)\n}\n',
  );
  formatsTo('train T\n{\ndata :xor( )\n}', 'train T {\n  data: xor()\n}\n');
  formatsTo('model\nA\n{\ninput [2]\n}', 'model A {\n  input [2]\n}\n');
});

test('top-level declarations are separated by exactly one blank line', () => {
  formatsTo(
    'model A {\n  input [2]\n}\ntrain {\n  data: xor()\n}\n\n\n\ntrain B { data: xor() }',
    'model A {\n  input [2]\n}\n\ntrain {\n  data: xor()\n}\n\ntrain B { data: xor() }\n',
  );
  formatsTo('model A { input [2] } model B { input [2] }\n', 'model A { input [2] }\n\nmodel B { input [2] }\n');
  // A comment after a declaration is set off from it; one just before a declaration stays attached.
  formatsTo('model A { input [2] }\n# about B\nmodel B { input [2] }\n', 'model A { input [2] }\n\n# about B\nmodel B { input [2] }\n');
});

test('blank lines inside blocks: kept between statements, collapsed to one, none next to braces', () => {
  formatsTo(
    'model A {\n\n\n  input [2]\n\n\n\n  dense(1)\n  # c\n\n  dense(2)\n\n}\n',
    'model A {\n  input [2]\n\n  dense(1)\n  # c\n\n  dense(2)\n}\n',
  );
  // Blank lines inside a call are dropped, as are those between `}` and `shortcut`.
  formatsTo(
    'model A {\n  input [2]\n  dense(\n\n    1,\n\n    bias: true)\n  residual {\n    relu()\n  }\n\n  shortcut {\n    relu()\n  }\n}\n',
    'model A {\n  input [2]\n  dense(1, bias: true)\n  residual {\n    relu()\n  } shortcut {\n    relu()\n  }\n}\n',
  );
});

test('`;` becomes a line break', () => {
  formatsTo('model A {\n  input [2]; dense(3); relu()\n}\n', 'model A {\n  input [2]\n  dense(3)\n  relu()\n}\n');
  formatsTo('model A {\n  input [2];;\n  ;dense(3);\n}\n', 'model A {\n  input [2]\n  dense(3)\n}\n');
});

test('one-line blocks stay on one line only with one statement, no comment, within 100 columns', () => {
  formatsTo('model A {\n  input [2]\n  repeat 2 {dense(2)}\n}\n', 'model A {\n  input [2]\n  repeat 2 { dense(2) }\n}\n');
  formatsTo('model A {\n  input [2]\n  repeat 2 { dense(2); relu() }\n}\n', 'model A {\n  input [2]\n  repeat 2 {\n    dense(2)\n    relu()\n  }\n}\n');
  formatsTo('model A {\n  input [2]\n  repeat 2 {\n    dense(2) }\n}\n', 'model A {\n  input [2]\n  repeat 2 {\n    dense(2)\n  }\n}\n');
  // Exactly 100 columns stays; 101 expands.
  const start = '  repeat 2 { dense(2, activation: relu, init: ';
  const fits = `${start}${'x'.repeat(100 - start.length - 3)}) }`;
  assert.equal(fits.length, 100);
  formatsTo(`model A {\n  input [2]\n${fits}\n}\n`, `model A {\n  input [2]\n${fits}\n}\n`);
  const tooLong = fits.replace('init: x', 'init: xx');
  const call = tooLong.slice('  repeat 2 { '.length, -' }'.length);
  formatsTo(`model A {\n  input [2]\n${tooLong}\n}\n`, `model A {\n  input [2]\n  repeat 2 {\n    ${call}\n  }\n}\n`);
});

test('multi-line calls are joined when they fit and have no comment, else one argument per line', () => {
  // Joined, `  dense(2, init: NAME)` is 18 columns plus the name: 82 letters make exactly 100.
  const name = (length: number): string => 'x'.repeat(length);
  formatsTo(`model A {\n  input [2]\n  dense(2,\n    init: ${name(82)})\n}\n`, `model A {\n  input [2]\n  dense(2, init: ${name(82)})\n}\n`);
  formatsTo(`model A {\n  input [2]\n  dense(2,\n    init: ${name(83)})\n}\n`, `model A {\n  input [2]\n  dense(\n    2,\n    init: ${name(83)}\n  )\n}\n`);
  // A comment anywhere inside keeps one argument per line, nested lists and calls included.
  formatsTo(
    'train {\n  data: csv("a.csv",\n    target: [1,  # one\n      2])\n}\n',
    'train {\n  data: csv(\n    "a.csv",\n    target: [\n      1,  # one\n      2\n    ]\n  )\n}\n',
  );
  // A nested call inside a broken one is joined on its own line when it fits there.
  formatsTo(
    'train {\n  data: f(  # c\n    g(1,\n      2), 3)\n}\n',
    'train {\n  data: f(  # c\n    g(1, 2),\n    3\n  )\n}\n',
  );
});

test('comments: re-indented, two spaces before a trailing one, trailing whitespace trimmed', () => {
  formatsTo(
    'model A {  # a\n# b\n      # c\n  input [2]    # d   \n  dense(1)# e\n        # f\n}   # g\n',
    'model A {  # a\n  # b\n  # c\n  input [2]  # d\n  dense(1)  # e\n  # f\n}  # g\n',
  );
  // A `,` after a comment moves before it; a second trailing comment gets its own line.
  formatsTo('train {\n  data: f(1  # one\n  , 2  # two\n  # three\n  , 3)\n}\n', 'train {\n  data: f(\n    1,  # one\n    2,  # two\n    # three\n    3\n  )\n}\n');
  formatsTo('model # a\nA # b\n{\n  input [2]\n}\n', 'model  # a\nA  # b\n{\n  input [2]\n}\n');
});

test('residual and shortcut', () => {
  formatsTo(
    'model A {\n  input [2]\n  residual\n  {\n    dense(2)\n  }\n  shortcut\n  {\n    dense(2)\n  }\n}\n',
    'model A {\n  input [2]\n  residual {\n    dense(2)\n  } shortcut {\n    dense(2)\n  }\n}\n',
  );
  formatsTo('model A {\n  input [2]\n  residual { dense(2) }\n  shortcut { dense(2) }\n}\n', 'model A {\n  input [2]\n  residual { dense(2) } shortcut { dense(2) }\n}\n');
  // A comment between `}` and `shortcut` keeps them on separate lines.
  formatsTo(
    'model A {\n  input [2]\n  residual {\n    dense(2)\n  }  # body\n  shortcut {\n    dense(2)\n  }\n}\n',
    'model A {\n  input [2]\n  residual {\n    dense(2)\n  }  # body\n  shortcut {\n    dense(2)\n  }\n}\n',
  );
});

test('a one-line call stays on one line past 100 columns', () => {
  const long = `  dense(2, init: ${'x'.repeat(120)})`;
  formatsTo(`model A {\n  input [2]\n${long}\n}\n`, `model A {\n  input [2]\n${long}\n}\n`);
});

// ---------------------------------------------------------------------------------------------
// Property tests

/** A random source of layout choices: every call takes the next number of a generated list. */
class Choices {
  private next = 0;
  constructor(private readonly values: readonly number[]) {}
  pick<T>(options: readonly T[]): T {
    const value = this.values[this.next++ % this.values.length] ?? 0;
    return options[value % options.length] as T;
  }
  chance(percent: number): boolean {
    return (this.values[this.next++ % this.values.length] ?? 0) % 100 < percent;
  }
}

type GenValue = { kind: 'scalar'; text: string } | { kind: 'list'; items: GenValue[] } | { kind: 'call'; callee: string; positional: GenValue[]; named: [string, GenValue][] };
type GenStatement =
  | { kind: 'layer'; name: string | null; call: GenValue & { kind: 'call' } }
  | { kind: 'repeat'; count: number; body: GenStatement[] }
  | { kind: 'residual'; body: GenStatement[]; shortcut: GenStatement[] | null };
type GenDeclaration = { kind: 'model'; name: string; shape: number[]; body: GenStatement[] } | { kind: 'train'; name: string | null; entries: [string, GenValue][] };

const calleeName = fc.constantFrom('dense', 'conv2d', 'relu', 'f', 'layer_2', '_x');
const keyName = fc.constantFrom('activation', 'padding', 'stride', 'lr', 'points', 'init');
const scalar: fc.Arbitrary<GenValue> = fc
  .oneof(fc.integer({ min: -1000, max: 100000 }).map(String), fc.constantFrom('0.5', '.25', '1e-3', '2.5E+4', '1_000', '-.5', 'relu', 'same', 'true', 'false', '"a b.csv"', '"# not a comment; {}"', '"é😀"'))
  .map((text) => ({ kind: 'scalar' as const, text }));
const { value: genValue } = fc.letrec<{ value: GenValue; list: GenValue; call: GenValue }>((tie) => ({
  value: fc.oneof({ maxDepth: 3, depthIdentifier: 'value' }, scalar, scalar, tie('list'), tie('call')),
  list: fc.array(tie('value'), { maxLength: 4 }).map((items) => ({ kind: 'list' as const, items })),
  call: fc
    .tuple(calleeName, fc.array(tie('value'), { maxLength: 3 }), fc.array(fc.tuple(keyName, tie('value')), { maxLength: 3 }))
    .map(([callee, positional, named]) => ({ kind: 'call' as const, callee, positional, named })),
}));
const genCall = fc
  .tuple(calleeName, fc.array(genValue, { maxLength: 3 }), fc.array(fc.tuple(keyName, genValue), { maxLength: 3 }))
  .map(([callee, positional, named]) => ({ kind: 'call' as const, callee, positional, named }));
const { statement: genStatement } = fc.letrec<{ statement: GenStatement }>((tie) => ({
  statement: fc.oneof(
    { maxDepth: 3, depthIdentifier: 'statement' },
    fc.tuple(fc.option(fc.constantFrom('h1', 'out', 'x_2')), genCall).map(([name, call]): GenStatement => ({ kind: 'layer', name, call })),
    fc.tuple(fc.integer({ min: 1, max: 9 }), fc.array(tie('statement'), { maxLength: 3 })).map(([count, body]): GenStatement => ({ kind: 'repeat', count, body })),
    fc.tuple(fc.array(tie('statement'), { maxLength: 3 }), fc.option(fc.array(tie('statement'), { maxLength: 2 }))).map(([body, shortcut]): GenStatement => ({ kind: 'residual', body, shortcut })),
  ),
}));
const genDeclaration: fc.Arbitrary<GenDeclaration> = fc.oneof(
  fc
    .tuple(fc.constantFrom('A', 'Net', 'VGG_16'), fc.array(fc.integer({ min: 1, max: 512 }), { minLength: 1, maxLength: 3 }), fc.array(genStatement, { maxLength: 5 }))
    .map(([name, shape, body]) => ({ kind: 'model' as const, name, shape, body })),
  fc
    .tuple(fc.option(fc.constantFrom('quick', 'long')), fc.array(fc.tuple(fc.constantFrom('model', 'data', 'loss', 'optimizer', 'epochs'), genValue), { maxLength: 5 }))
    .map(([name, entries]) => ({ kind: 'train' as const, name, entries })),
);

const commentTexts = ['# c', '#', '# with ; { } ( ) , : = inside', '# trailing spaces   ', '#\ttab', '# é 😀'];

/**
 * Renders a generated file with random but valid layout: random spaces and tabs where spaces may
 * go, line breaks inside calls and lists (continuation lines indented deeper than their
 * statement, as the parser's recovery rules expect), blank lines, full-line and trailing
 * comments, `;` separators, one-line blocks, `{` and `shortcut` on the next line, trailing commas.
 */
function render(declarations: readonly GenDeclaration[], choices: Choices, crlf: boolean): string {
  const gap = (): string => choices.pick(['', '', ' ', '  ', '\t', ' \t ']);
  const space = (): string => choices.pick([' ', ' ', '  ', '\t']);
  const comment = (): string => choices.pick(commentTexts);
  // A statement line is indented by its depth or one more; a continuation line at least two more.
  const lineIndent = (base: number): string => ' '.repeat(base) + choices.pick(['', '', ' ']);
  const deeper = (base: number): string => ' '.repeat(base + 2) + choices.pick(['', ' ', '   ']);

  function value(v: GenValue, depth: number, oneLine: boolean): string {
    if (v.kind === 'scalar') return v.text;
    const items = v.kind === 'list' ? v.items.map((item) => value(item, depth + 2, oneLine)) : [...v.positional.map((item) => value(item, depth + 2, oneLine)), ...v.named.map(([k, item]) => `${k}${gap()}:${gap()}${value(item, depth + 2, oneLine)}`)];
    const [open, close] = v.kind === 'list' ? ['[', ']'] : [`${v.callee}(`, ')'];
    // Where a line may break: after `(`, after a `,`, before `)`; inside a call a newline is ignored.
    const lineBreak = (): string => {
      if (oneLine || !choices.chance(25)) return gap();
      const before = choices.chance(30) ? `${gap()}${comment()}` : gap();
      const fullLine = choices.chance(20) ? `\n${deeper(depth)}${comment()}` : '';
      return `${before}${fullLine}\n${deeper(depth)}`;
    };
    const trailingComma = items.length > 0 && choices.chance(15) ? ',' : '';
    return `${open}${lineBreak()}${items.join(`,${lineBreak()}`)}${trailingComma}${lineBreak()}${close}`;
  }

  function block(statements: readonly GenStatement[], depth: number): string {
    const onlyLayer = statements.length === 1 && statements[0]?.kind === 'layer';
    if (statements.length === 0 && choices.chance(50)) return `{${gap()}}`;
    if (onlyLayer && choices.chance(50)) return `{${gap()}${statement(statements[0] as GenStatement, depth, true)}${gap()}${choices.pick(['', ';'])}}`;
    return `{${choices.chance(20) ? `${gap()}${comment()}` : gap()}\n${body(statements, depth + 2)}\n${' '.repeat(depth)}${choices.chance(20) ? `${comment()}\n${' '.repeat(depth)}` : ''}}`;
  }

  function statement(s: GenStatement, depth: number, oneLine: boolean): string {
    switch (s.kind) {
      case 'layer':
        return `${s.name === null ? '' : `${s.name}${gap()}=${gap()}`}${value(s.call, depth, oneLine)}`;
      case 'repeat': {
        const brace = oneLine || !choices.chance(15) ? space() : `\n${' '.repeat(depth)}`;
        return `repeat${space()}${s.count}${brace}${oneLine ? `{ ${s.body.map((b) => statement(b, depth, true)).join('; ')} }` : block(s.body, depth)}`;
      }
      case 'residual': {
        const body = oneLine ? `{ ${s.body.map((b) => statement(b, depth, true)).join('; ')} }` : block(s.body, depth);
        if (s.shortcut === null) return `residual${space()}${body}`;
        const before = oneLine ? space() : choices.pick([space(), `\n${' '.repeat(depth)}`, `${gap()}${comment()}\n${' '.repeat(depth)}`]);
        const shortcut = oneLine ? `{ ${s.shortcut.map((b) => statement(b, depth, true)).join('; ')} }` : block(s.shortcut, depth);
        return `residual${space()}${body}${before}shortcut${space()}${shortcut}`;
      }
    }
  }

  /** Statements of a block, each on its own line or after a `;`, with blank lines and comments between. */
  function body(statements: readonly (GenStatement | ((depth: number) => string))[], depth: number): string {
    let out = '';
    for (const [i, s] of statements.entries()) {
      if (i > 0) {
        out += choices.pick([
          '\n',
          '\n',
          `\n${choices.pick(['', '\n', '\n\n'])}`,
          `${gap()};${gap()}`,
          `;${gap()}\n`,
          `${gap()}${comment()}\n`,
          `\n${lineIndent(depth)}${comment()}\n${choices.pick(['', '\n'])}`,
        ]);
        if (out.endsWith('\n')) out += lineIndent(depth);
      } else {
        out += lineIndent(depth);
      }
      // After a `;` the statement starts mid-line, and its continuation lines must still be
      // deeper than the line it starts on (a `key:` at that indentation would start anew).
      const lineStart = /[^\n]*$/.exec(out)?.[0] ?? '';
      const start = Math.max(depth, lineStart.length - lineStart.trimStart().length);
      out += typeof s === 'function' ? s(start) : statement(s, start, false);
    }
    return out + (choices.chance(20) ? `${gap()}${comment()}` : gap());
  }

  const parts = declarations.map((d) => {
    if (d.kind === 'model') {
      const shape: GenValue = { kind: 'list', items: d.shape.map((n) => ({ kind: 'scalar', text: String(n) })) };
      const input = (depth: number): string => `input${gap() === '' ? '' : ' '}${value(shape, depth, false)}`;
      const header = `model${choices.pick([' ', '\n', '  '])}${d.name}${choices.pick([' ', '', '\n'])}`;
      return `${header}{\n${body([input, ...d.body], 2)}\n}`;
    }
    const entries = d.entries.map(([k, v]) => (depth: number): string => `${k}${gap()}:${gap()}${value(v, depth, false)}`);
    const header = `train${d.name === null ? choices.pick([' ', '']) : ` ${d.name} `}`;
    if (entries.length === 0) return `${header}{${choices.pick(['', ' ', '\n'])}}`;
    return `${header}{\n${body(entries, 2)}\n}`;
  });
  const between = (): string => choices.pick(['\n', '\n\n', '\n\n\n', ` `, `\n${comment()}\n`, `\n\n${comment()}\n\n`]);
  const head = choices.chance(30) ? `${comment()}\n${choices.pick(['', '\n'])}` : '';
  const tail = choices.pick(['', '\n', '\n\n', `\n${comment()}`, `\n${comment()}\n`]);
  const text = head + parts.reduce((all, part, i) => (i === 0 ? part : all + between() + part), '') + tail;
  return crlf ? text.replace(/\n/g, '\r\n') : text;
}

const generatedFile = fc
  .tuple(fc.array(genDeclaration, { maxLength: 3 }), fc.array(fc.nat(9999), { minLength: 1, maxLength: 300 }), fc.boolean())
  .map(([declarations, values, crlf]) => render(declarations, new Choices(values), crlf));

test('generated valid files: idempotent, same code and comments, edits agree', () => {
  fc.assert(
    fc.property(generatedFile, (text) => {
      assert.deepEqual(parse(text).diagnostics.filter((d) => d.code.startsWith('DL1') || d.code.startsWith('DL2')).map((d) => `${d.code} ${d.message}`), [], `the generator made invalid text:\n${text}`);
      checkFormat(text, JSON.stringify(text));
    }),
    { numRuns: 400 },
  );
});

test('generated valid files: the same with tabs and with four-space indents', () => {
  fc.assert(
    fc.property(generatedFile, fc.constantFrom('\t', '    '), (text, indent) => void checkFormat(text, JSON.stringify(text), indent)),
    { numRuns: 100 },
  );
});

test('random strings: formatDocument never throws and leaves broken text alone', () => {
  fc.assert(fc.property(fc.string({ maxLength: 200 }), (text) => void checkFormat(text, JSON.stringify(text))), { numRuns: 500 });
});

/** Fragments of the language, so random text is often valid in strange layouts. */
const fragment = fc.constantFrom(
  'model', 'train', 'input', 'repeat', 'residual', 'shortcut', 'true', 'false', 'M', 'x', 'dense', 'relu', 'lr',
  '{', '}', '(', ')', '[', ']', ',', ':', '=', ';', '\n', '\r\n', ' ', '  ', '\t', '16', '-3', '.5', '"s"', '#c', '# comment\n', '\uFEFF',
);

test('token soup: never throws; whatever parses cleanly formats cleanly', () => {
  fc.assert(fc.property(fc.array(fragment, { maxLength: 80 }), (parts) => void checkFormat(parts.join(''), JSON.stringify(parts.join('')))), { numRuns: 1500 });
});

/** What may go after each piece of the skeleton below, by the piece's place in the grammar. */
const fillers: Record<string, readonly string[]> = {
  none: [''],
  space: ['', ' ', '  ', '\t'],
  word: [' ', '  ', '\t'],
  paren: ['', ' ', '\n    ', '  # c\n    ', '\n\n      ', ' #\n    # d\n    '],
  top: [' ', '\n', '\n\n', ' # c\n', '\n# c\n\n'],
  open: ['', ' ', '\n', '# c\n', ';', '\n\n'],
  close: ['', ' ', '\n', '  # c\n', ';', '\n\n'],
  statement: ['\n', ';', '  # c\n', '\n\n', ' ; ', ';\n', '\n# c\n'],
  brace: [' ', '', '\n', ' # c\n'],
};
/** A file with every construct; random fillers make many layouts of it, about 40 % of them valid. */
const skeleton: [string, keyof typeof fillers][] = [
  ['model', 'word'], ['M', 'top'], ['{', 'open'], ['input', 'space'], ['[', 'paren'], ['2', 'paren'], [',', 'paren'], ['3', 'paren'], [']', 'statement'],
  ['repeat', 'word'], ['2', 'brace'], ['{', 'open'], ['dense', 'none'], ['(', 'paren'], ['1', 'paren'], [',', 'paren'], ['lr', 'paren'], [':', 'paren'], ['2', 'paren'], [',', 'paren'], [')', 'close'], ['}', 'statement'],
  ['residual', 'brace'], ['{', 'open'], ['relu', 'none'], ['(', 'paren'], [')', 'close'], ['}', 'brace'], ['shortcut', 'brace'], ['{', 'open'], ['}', 'close'], ['}', 'top'],
  ['train', 'brace'], ['{', 'open'], ['data', 'space'], [':', 'space'], ['f', 'none'], ['(', 'paren'], [')', 'close'], ['}', 'top'],
];
function skeletonFile(withComments: boolean): fc.Arbitrary<string> {
  return fc.array(fc.nat(99), { minLength: skeleton.length, maxLength: skeleton.length }).map((picks) =>
    skeleton
      .map(([piece, kind], i) => {
        const options = (fillers[kind] as readonly string[]).filter((filler) => withComments || !filler.includes('#'));
        return piece + (options[(picks[i] as number) % options.length] as string);
      })
      .join(''),
  );
}

test('one file in many layouts: whatever parses cleanly formats cleanly', () => {
  fc.assert(fc.property(skeletonFile(true), (text) => void checkFormat(text, JSON.stringify(text))), { numRuns: 1500 });
});

test('one file in many layouts, without comments: few distinct results', () => {
  const results = new Set<string>();
  let valid = 0;
  fc.assert(
    fc.property(skeletonFile(false), (text) => {
      const formatted = checkFormat(text, JSON.stringify(text));
      if (hasSyntaxError(text)) return;
      valid++;
      // Blank lines between statements are the user's to keep; set them aside.
      results.add(formatted.replace(/\n\n+/g, '\n'));
    }),
    { numRuns: 500 },
  );
  // Every layout of the same code formats to one of at most 8 texts: the repeat, residual and
  // train blocks each stay on one line or not, as the user wrote them.
  assert.ok(valid >= 50, `only ${valid} valid layouts`);
  assert.ok(results.size >= 1 && results.size <= 8, `${results.size} different results`);
});

const samples = [...examples, ...architectures, ...goldenInputs.map((name): [string, string] => [name, readFileSync(`${formatFixtures}/${name}`, 'utf8')])].map(([, text]) => text);
const mutation = textMutation(fc.oneof(fragment, fc.string({ maxLength: 5 })));

test('mutated examples: never throws, no edits with a syntax error, invariants otherwise', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: samples.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 3 }), (index, mutations) => {
      const text = mutations.reduce(mutate, samples[index] as string);
      checkFormat(text, JSON.stringify(text));
    }),
    { numRuns: 500 },
  );
});
