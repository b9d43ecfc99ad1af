// The TextMate grammar, tested through vscode-textmate as VS Code runs it.
// Snapshots: for each test/fixtures/grammar/NAME.dlmodel the expected tokens are in
// NAME.scopes.txt beside it. Run with UPDATE_GOLDEN=1 to rewrite them after an intended change,
// then review the diff. Targeted tests below mark the token they look at with `<|>`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { activationNames, findLayer, initialisers, lossNames } from '../../core/analysis/catalog';
import { extractMarkers } from '../helpers/markers';
import { fromRoot } from '../helpers/paths';
import { formatToken, formatTokens, grammarFixtures, loadGrammar, tokenAtOffset, tokenize, type ScopedToken } from './grammar-helpers';

const update = process.env.UPDATE_GOLDEN === '1';

/** The tokens of a text. */
async function tokensOf(text: string): Promise<ScopedToken[]> {
  return tokenize(await loadGrammar(), text);
}

/** The token at each `<|>` marker of the source, in order. */
async function markedTokens(source: string): Promise<ScopedToken[]> {
  const { text, offsets } = extractMarkers(source);
  assert.ok(offsets.length > 0, 'the source has no <|> marker');
  const tokens = await tokensOf(text);
  return offsets.map((offset) => tokenAtOffset(tokens, text, offset));
}

/** Asserts that the marked token is exactly `text` and carries `scope` (among others, e.g. meta scopes). */
async function expectScope(source: string, text: string, scope: string): Promise<void> {
  const tokens = await markedTokens(source);
  for (const token of tokens) {
    assert.equal(token.text, text, `token at the marker: ${formatToken(token)}`);
    assert.ok(token.scopes.includes(scope), `expected ${scope} on ${formatToken(token)}`);
  }
}

/** Asserts that the marked token is exactly `text` with exactly these scopes (nothing leaked from an earlier line). */
async function expectExactScopes(source: string, text: string, scopes: readonly string[]): Promise<void> {
  for (const token of await markedTokens(source)) {
    assert.equal(token.text, text, `token at the marker: ${formatToken(token)}`);
    assert.deepEqual(token.scopes, scopes, formatToken(token));
  }
}

// --- snapshots -------------------------------------------------------------------------------

const fixtureNames = readdirSync(grammarFixtures)
  .filter((name) => name.endsWith('.dlmodel'))
  .sort();

test('the grammar fixtures are there', () => {
  for (const name of ['spirals', 'vgg16', 'digits-resnet', 'char-model', 'constructs', 'broken', 'branches']) {
    assert.ok(fixtureNames.includes(`${name}.dlmodel`), name);
  }
});

for (const name of fixtureNames) {
  test(`scope snapshot: ${name}`, async () => {
    const text = readFileSync(`${grammarFixtures}/${name}`, 'utf8');
    const actual = formatTokens(await tokensOf(text));
    const snapshotPath = `${grammarFixtures}/${name.replace(/\.dlmodel$/, '.scopes.txt')}`;
    if (update || !existsSync(snapshotPath)) {
      writeFileSync(snapshotPath, actual);
      if (!update) assert.fail(`wrote missing snapshot ${snapshotPath}; review it and run again`);
      return;
    }
    assert.equal(actual, readFileSync(snapshotPath, 'utf8'), `${name} differs from its snapshot (UPDATE_GOLDEN=1 rewrites it)`);
  });
}

test('every non-blank token of every fixture has a scope of its own', async () => {
  for (const name of fixtureNames) {
    const tokens = await tokensOf(readFileSync(`${grammarFixtures}/${name}`, 'utf8'));
    const bare = tokens.filter((token) => token.text.trim() !== '' && token.scopes.every((scope) => scope.startsWith('meta.')));
    assert.deepEqual(bare.map(formatToken), [], name);
  }
});

test('the example fixtures are copies of examples/ (keep them in sync)', () => {
  for (const name of ['spirals', 'vgg16', 'digits-resnet', 'char-model']) {
    const copy = readFileSync(`${grammarFixtures}/${name}.dlmodel`, 'utf8');
    assert.equal(copy, readFileSync(fromRoot('examples', `${name}.dlmodel`), 'utf8'), name);
  }
});

// --- comments and strings --------------------------------------------------------------------

test('a comment: "#" is its punctuation, the rest of the line is comment', async () => {
  await expectExactScopes('dense(3)  <|># one score per class', '#', ['comment.line.number-sign.dlmodel', 'punctuation.definition.comment.dlmodel']);
  await expectExactScopes('dense(3)  #<|> one score per class', ' one score per class', ['comment.line.number-sign.dlmodel']);
});

test('"#" inside a string is not a comment, and the line goes on after the string', async () => {
  await expectExactScopes('data: text("a <|># b", context: 8)', 'a # b', ['string.quoted.double.dlmodel']);
  await expectScope('data: text("a # b", <|>context: 8)', 'context', 'variable.parameter.dlmodel');
});

test('the escapes \\" \\\\ \\n \\t are constant.character.escape; any other escape is invalid', async () => {
  for (const escape of ['\\"', '\\\\', '\\n', '\\t']) {
    await expectScope(`csv("a<|>${escape}b")`, escape, 'constant.character.escape.dlmodel');
  }
  await expectScope('csv("a<|>\\qb")', '\\q', 'invalid.illegal.unknown-escape.dlmodel');
  await expectScope('csv("a\\"b<|>")', '"', 'punctuation.definition.string.end.dlmodel');
});

test('an unterminated string ends at the line end: its quote is marked, the next line is normal', async () => {
  const source = 'train {\n  data: text(<|>"data/tiny-corpus.txt, context: 8)\n  <|>loss: cross_entropy\n}';
  const [quote, key] = await markedTokens(source);
  assert.ok(quote?.scopes.includes('invalid.illegal.unterminated-string.dlmodel'), quote && formatToken(quote));
  assert.deepEqual(key?.scopes, ['meta.block.train.dlmodel', 'support.type.property-name.train.dlmodel']);
});

// --- numbers ---------------------------------------------------------------------------------

test('every number form of the specification is one constant.numeric token', async () => {
  const integers = ['42', '-3', '1_000', '0'];
  const floats = ['0.5', '.5', '-.5', '1.', '1e-3', '2.5E+4', '1_000.000_1', '3e10'];
  for (const number of integers) await expectExactScopes(`f(<|>${number})`, number, ['constant.numeric.integer.dlmodel']);
  for (const number of floats) await expectExactScopes(`f(<|>${number})`, number, ['constant.numeric.float.dlmodel']);
});

test('a malformed number is one invalid token, as the lexer reads it', async () => {
  for (const number of ['1__0', '1_', '1e', '1e+', '0x1F', '1.2.3', '12abc', '1e-3.5']) {
    await expectExactScopes(`f(<|>${number}, 2)`, number, ['invalid.illegal.numeric.dlmodel']);
  }
  // `16-3` is two numbers, as in the lexer.
  await expectExactScopes('f(16<|>-3)', '-3', ['constant.numeric.integer.dlmodel']);
});

// --- declarations, keywords, calls -----------------------------------------------------------

test('the model name after `model` and the train name after `train`', async () => {
  await expectScope('model <|>Spirals {', 'Spirals', 'entity.name.type.model.dlmodel');
  await expectScope('<|>model Spirals {', 'model', 'storage.type.model.dlmodel');
  await expectScope('train <|>quick {\n}', 'quick', 'entity.name.function.train.dlmodel');
  await expectScope('<|>train quick {\n}', 'train', 'storage.type.train.dlmodel');
});

test('`model:` in a train block is a key, and its value names a model', async () => {
  const [key, value] = await markedTokens('train {\n  <|>model: <|>Spirals\n}');
  assert.deepEqual(key?.scopes, ['meta.block.train.dlmodel', 'support.type.property-name.train.dlmodel']);
  assert.deepEqual(value?.scopes, ['meta.block.train.dlmodel', 'entity.name.type.model.dlmodel']);
});

test('statement keywords and booleans', async () => {
  await expectScope('<|>repeat 2 { dense(4) }', 'repeat', 'keyword.control.repeat.dlmodel');
  await expectScope('<|>residual { relu() } shortcut { dense(4) }', 'residual', 'keyword.control.residual.dlmodel');
  await expectScope('residual { relu() } <|>shortcut { dense(4) }', 'shortcut', 'keyword.control.shortcut.dlmodel');
  await expectScope('<|>input [2]', 'input', 'keyword.other.input.dlmodel');
  await expectScope('dense(4, bias: <|>false)', 'false', 'constant.language.boolean.dlmodel');
  await expectScope('sgd(lr: 0.1, nesterov: <|>true)', 'true', 'constant.language.boolean.dlmodel');
});

test('a call: `dense` in `dense(16)` is a support.function, also in a train value', async () => {
  await expectExactScopes('  <|>dense(16)', 'dense', ['support.function.dlmodel']);
  await expectExactScopes('  <|>relu()', 'relu', ['support.function.dlmodel']);
  await expectScope('train {\n  optimizer: <|>adam(lr: 0.01)\n}', 'adam', 'support.function.dlmodel');
});

test('branches and merges: `input` as a value is the model input; merges are calls; names read are variables', async () => {
  await expectExactScopes('  a = dense(4, from: <|>input)', 'input', ['variable.language.input.dlmodel']);
  await expectExactScopes('  <|>concat(input, a, axis: 0)', 'concat', ['support.function.dlmodel']);
  await expectExactScopes('  concat(<|>input, a)', 'input', ['variable.language.input.dlmodel']);
  await expectExactScopes('  concat(\n    <|>input,\n    a)', 'input', ['variable.language.input.dlmodel']);
  await expectExactScopes('  add(input, <|>a)', 'a', ['variable.other.dlmodel']);
  await expectExactScopes('  dense(4, <|>from: stem)', 'from', ['variable.parameter.dlmodel']);
  // The statement keeps its keyword, also after a call left open on the line above.
  await expectScope('  dense(4,\n<|>input [2]', 'input', 'keyword.other.input.dlmodel');
});

test('`target: input` in a train block is the input read as a value', async () => {
  await expectScope('train {\n  target: <|>input\n}', 'input', 'variable.language.input.dlmodel');
  await expectScope('train { target: <|>input }', 'input', 'variable.language.input.dlmodel');
});

test('the layer name in `name = call(…)` is a definition', async () => {
  await expectExactScopes('  <|>hidden1 = dense(16, activation: relu)', 'hidden1', ['variable.other.definition.dlmodel']);
  await expectExactScopes('  hidden1 <|>= dense(16, activation: relu)', '=', ['keyword.operator.assignment.dlmodel']);
});

test('named-argument keys inside calls and train keys inside train blocks', async () => {
  await expectExactScopes('dense(16, <|>activation: relu)', 'activation', ['variable.parameter.dlmodel']);
  await expectExactScopes('dense(16, activation<|>: relu)', ':', ['punctuation.separator.key-value.dlmodel']);
  await expectScope('train {\n  <|>epochs: 10\n}', 'epochs', 'support.type.property-name.train.dlmodel');
  await expectScope('train {\n  data: spirals(<|>classes: 3)\n}', 'classes', 'variable.parameter.dlmodel');
});

test('a call spanning lines in a train block: deeper lines are arguments, the next key is a key', async () => {
  const source = 'train {\n  data: spirals(\n    <|>classes: 3,\n    <|>points: 600\n  )\n  <|>loss: cross_entropy\n}';
  const [classes, points, loss] = await markedTokens(source);
  assert.ok(classes?.scopes.includes('variable.parameter.dlmodel'));
  assert.ok(points?.scopes.includes('variable.parameter.dlmodel'));
  assert.ok(loss?.scopes.includes('support.type.property-name.train.dlmodel'));
});

test('a train entry goes on only after a line that ends in "(", "[" or ","', async () => {
  // A complete value ends the entry whatever the next line's indentation (as in the parser).
  const messy = 'train Quick\n{\ndata  :  csv( "a b.csv" , target :"y")\n  <|>loss:cross_entropy\n       <|>optimizer:adam( lr : 1e-3 )\n}';
  for (const key of await markedTokens(messy)) assert.ok(key.scopes.includes('support.type.property-name.train.dlmodel'), formatToken(key));
  const comma = 'train {\n  data: spirals(classes: 3,   # more below\n      <|>points: 600)\n  <|>loss: mse\n}';
  const [points, loss] = await markedTokens(comma);
  assert.ok(points?.scopes.includes('variable.parameter.dlmodel'));
  assert.ok(loss?.scopes.includes('support.type.property-name.train.dlmodel'));
  // A "(" inside a string does not open anything.
  await expectScope('train {\n  data: text("(", context: 8)\n    <|>loss: mse\n}', 'loss', 'support.type.property-name.train.dlmodel');
});

test('a train key whose ":" is missing is still a key (as the parser reads it)', async () => {
  await expectScope('train {\n  <|>loss cross_entropy\n}', 'loss', 'support.type.property-name.train.dlmodel');
  await expectScope('train {\n  loss <|>cross_entropy\n}', 'cross_entropy', 'support.constant.loss.dlmodel');
});

test('one-line train blocks: keys after "{" and ";"', async () => {
  const [model, loss] = await markedTokens('train { <|>model: Tiny; <|>loss: mse }\nmodel Tiny { input [2]; dense(1) }');
  assert.ok(model?.scopes.includes('support.type.property-name.train.dlmodel'));
  assert.ok(loss?.scopes.includes('support.type.property-name.train.dlmodel'));
  await expectExactScopes('train { loss: mse }\n<|>model Tiny { input [2]; dense(1) }', 'model', ['storage.type.model.dlmodel']);
});

// --- well-known names ------------------------------------------------------------------------

/** The `mode:` values of upsample, as its catalog entry lists them. */
function upsampleModes(): readonly string[] {
  const mode = findLayer('upsample')?.args.find((arg) => arg.name === 'mode');
  assert.ok(mode?.type.kind === 'choice', 'upsample has a mode: choice');
  return mode.type.choices;
}

test('well-known value names are support.constant of their kind', async () => {
  const kinds: Record<string, readonly string[]> = {
    // The catalog is where these names live: a new activation or loss must be coloured too.
    activation: activationNames,
    loss: lossNames,
    padding: ['same', 'valid'],
    batch: ['full'],
    init: initialisers.map((i) => i.name),
    interpolation: upsampleModes(),
  };
  for (const [kind, names] of Object.entries(kinds)) {
    for (const name of names) await expectExactScopes(`f(key: <|>${name})`, name, [`support.constant.${kind}.dlmodel`]);
  }
  await expectScope('dense(16, activation: <|>relu)', 'relu', 'support.constant.activation.dlmodel');
  await expectScope('train {\n  loss: <|>cross_entropy\n}', 'cross_entropy', 'support.constant.loss.dlmodel');
});

test('other names are plain variables; a well-known name followed by "(" is a call', async () => {
  await expectExactScopes('f(key: <|>reluu)', 'reluu', ['variable.other.dlmodel']);
  await expectExactScopes('f(key: <|>softmax())', 'softmax', ['support.function.dlmodel']);
});

// --- shapes and punctuation ------------------------------------------------------------------

test('the shape after `input` is meta.shape, and a missing "]" stops at the line end', async () => {
  await expectExactScopes('  input <|>[3, 224, 224]', '[', ['meta.shape.dlmodel', 'punctuation.section.brackets.begin.dlmodel']);
  await expectExactScopes('  input [3, <|>224, 224]', '224', ['meta.shape.dlmodel', 'constant.numeric.integer.dlmodel']);
  await expectExactScopes('  input [3, 224, 224<|>]', ']', ['meta.shape.dlmodel', 'punctuation.section.brackets.end.dlmodel']);
  await expectExactScopes('  input [3, 224  <|># no "]"\n  dense(3)', '#', ['comment.line.number-sign.dlmodel', 'punctuation.definition.comment.dlmodel']);
  await expectExactScopes('  input [3, 224\n  <|>dense(3)', 'dense', ['support.function.dlmodel']);
});

test('punctuation', async () => {
  const cases: [string, string, string][] = [
    ['model M <|>{', '{', 'punctuation.section.block.begin.dlmodel'],
    ['<|>}', '}', 'punctuation.section.block.end.dlmodel'],
    ['dense<|>(3)', '(', 'punctuation.section.parens.begin.dlmodel'],
    ['dense(3<|>)', ')', 'punctuation.section.parens.end.dlmodel'],
    ['f(k: <|>[3, 5])', '[', 'punctuation.section.brackets.begin.dlmodel'],
    ['f(k: [3, 5<|>])', ']', 'punctuation.section.brackets.end.dlmodel'],
    ['dense(3<|>, 4)', ',', 'punctuation.separator.comma.dlmodel'],
    ['flatten()<|>; relu()', ';', 'punctuation.terminator.statement.dlmodel'],
  ];
  for (const [source, text, scope] of cases) await expectExactScopes(source, text, [scope]);
  await expectExactScopes('dense(3) <|>@', '@', ['invalid.illegal.character.dlmodel']);
});

// --- recovery --------------------------------------------------------------------------------

test('after a line with a missing ")" the next line is scoped normally', async () => {
  await expectExactScopes('model M {\n  hidden = dense(16, activation: relu\n  <|>dense(8, activation: tanh)\n}', 'dense', ['support.function.dlmodel']);
  await expectExactScopes('model M {\n  softmax(\n<|>}', '}', ['punctuation.section.block.end.dlmodel']);
  const [loss, value] = await markedTokens('train {\n  data: spirals(classes: 3\n  <|>loss: <|>cross_entropy\n}');
  assert.deepEqual(loss?.scopes, ['meta.block.train.dlmodel', 'support.type.property-name.train.dlmodel']);
  assert.deepEqual(value?.scopes, ['meta.block.train.dlmodel', 'support.constant.loss.dlmodel']);
});

test('a train block without its "}" ends at the next declaration that opens a "{"', async () => {
  const source = 'train {\n  data: xor(\n  loss: hinge\n\n<|>model <|>M {\n  input [2]\n}';
  const [keyword, name] = await markedTokens(source);
  assert.deepEqual(keyword?.scopes, ['storage.type.model.dlmodel']);
  assert.deepEqual(name?.scopes, ['entity.name.type.model.dlmodel']);
});

test('deleting one ")", "]" or \'"\' of an example changes the scopes of that line only', async () => {
  const grammar = await loadGrammar();
  const examples = readdirSync(fromRoot('examples')).filter((name) => name.endsWith('.dlmodel'));
  assert.ok(examples.length > 0);
  for (const name of examples) {
    const text = readFileSync(fromRoot('examples', name), 'utf8');
    const originalLines = linesOf(tokenize(grammar, text));
    for (let offset = 0; offset < text.length; offset++) {
      const character = text[offset] ?? '';
      if (character !== ')' && character !== ']' && character !== '"') continue;
      const editedLine = text.slice(0, offset).split('\n').length;
      const edited = linesOf(tokenize(grammar, text.slice(0, offset) + text.slice(offset + 1)));
      for (const [line, formatted] of originalLines) {
        if (line === editedLine) continue;
        assert.equal(edited.get(line), formatted, `${name}: deleting '${character}' on line ${editedLine} changed line ${line}`);
      }
    }
  }
});

/** The formatted tokens of each line, by line number. */
function linesOf(tokens: readonly ScopedToken[]): Map<number, string> {
  const lines = new Map<number, string>();
  for (const token of tokens) lines.set(token.line, `${lines.get(token.line) ?? ''}${formatToken(token)}\n`);
  return lines;
}
