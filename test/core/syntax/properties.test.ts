// Property tests: whatever the input, parsing never throws, tokens tile the text, child ranges
// nest inside their parents, diagnostics stay inside the text with at most one per offset, and
// the step guard never fires (all checked by parseChecked).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { mutate, textMutation } from '../../helpers/text-mutations';
import { parseChecked, sampleFiles } from './syntax-helpers';

const runs = { numRuns: 300 };

/** Single characters chosen to stress the lexer: controls, CR, BOM, replacement char, lone surrogates, emoji. */
const nastyCharacter = fc.oneof(
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
  fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code)),
  fc.constantFrom('\0', '\r', '\n', '\r\n', '\t', '\uFEFF', '\uFFFD', '\u00A0', '\u2028', '😀', 'é', '"', '\\', '#', "'", '-', '.', '_'),
);

/** Fragments of the language, so random text often looks almost right. */
const fragment = fc.constantFrom(
  'model', 'train', 'input', 'repeat', 'residual', 'shortcut', 'true', 'false',
  '{', '}', '(', ')', '[', ']', ',', ':', '=', ';', '\n', '\r\n', ' ', '  ', '\t',
  'dense', 'conv2d', 'relu', 'x', 'activation', 'lr', 'M',
  '16', '-3', '.5', '0.5', '1e-3', '2.5E+4', '1_000', '1__0', '1e', '12abc', '-', '.',
  '"s"', '"', '"\\q"', '"a\\"', '#c', '# comment\n', '@', '//', "'he'", '\uFEFF', '\0', '😀',
);

test('random strings never break the parser', () => {
  fc.assert(fc.property(fc.string({ maxLength: 200 }), (text) => void parseChecked(text)), runs);
});

test('random unicode, lone surrogates, NUL and CR never break the parser', () => {
  fc.assert(fc.property(fc.string({ unit: nastyCharacter, maxLength: 120 }), (text) => void parseChecked(text)), runs);
});

test('token soup of language fragments never breaks the parser', () => {
  fc.assert(fc.property(fc.array(fragment, { maxLength: 80 }), (parts) => void parseChecked(parts.join(''))), { numRuns: 1000 });
});

// A small grammar generator: files that are valid by construction parse without any diagnostic.
const name = fc.constantFrom('dense', 'conv2d', 'relu', 'softmax', 'dropout', 'maxpool2d', 'layer_2', '_x');
const key = fc.constantFrom('activation', 'padding', 'stride', 'kernel', 'bias', 'lr', 'points');
const scalar = fc.oneof(
  fc.integer({ min: -1000, max: 100000 }).map(String),
  fc.constantFrom('0.5', '.25', '1e-3', '2.5E+4', '1_000', '-.5', '3.'),
  fc.constantFrom('relu', 'same', 'true', 'false', '"data.csv"', '"a \\"q\\" \\\\ \\n \\t"'),
);
const { value } = fc.letrec<{ value: string; list: string; call: string }>((tie) => ({
  value: fc.oneof({ maxDepth: 3, depthIdentifier: 'value' }, scalar, tie('list'), tie('call')),
  list: fc.array(tie('value'), { maxLength: 3 }).map((items) => `[${items.join(', ')}]`),
  call: fc.tuple(name, fc.array(tie('value'), { maxLength: 2 }), fc.array(fc.tuple(key, tie('value')), { maxLength: 2 }), fc.boolean()).map(
    ([callee, positional, named, multiline]) => {
      const args = [...positional, ...named.map(([k, v]) => `${k}: ${v}`)];
      return multiline ? `${callee}(\n      ${args.join(',\n      ')}\n    )` : `${callee}(${args.join(', ')})`;
    },
  ),
}));
const layer = fc.tuple(fc.option(fc.constantFrom('h1', 'out', 'x_2')), name, fc.array(value, { maxLength: 3 })).map(
  ([layerName, callee, args]) => `${layerName ? `${layerName} = ` : ''}${callee}(${args.join(', ')})`,
);
const { statement } = fc.letrec<{ statement: string }>((tie) => ({
  statement: fc.oneof(
    { maxDepth: 3, depthIdentifier: 'statement' },
    layer,
    fc.tuple(fc.integer({ min: 1, max: 9 }), fc.array(tie('statement'), { maxLength: 3 })).map(([n, body]) => `repeat ${n} {\n${body.join('\n')}\n}`),
    fc.tuple(fc.array(tie('statement'), { maxLength: 3 }), fc.option(fc.array(tie('statement'), { maxLength: 2 }))).map(
      ([body, shortcut]) => `residual {\n${body.join('\n')}\n}${shortcut ? ` shortcut { ${shortcut.join('; ')} }` : ''}`,
    ),
  ),
}));
const shape = fc.array(fc.integer({ min: 1, max: 512 }), { minLength: 1, maxLength: 3 }).map((dims) => `[${dims.join(', ')}]`);
const model = fc.tuple(fc.constantFrom('A', 'Net', 'VGG_16'), shape, fc.array(statement, { maxLength: 5 }), fc.constantFrom('\n', '\r\n')).map(
  ([modelName, inputShape, body, eol]) => `# model ${modelName}\nmodel ${modelName} {\n  input ${inputShape}\n${body.map((s) => `  ${s}`).join('\n')}\n}\n`.replace(/\n/g, eol),
);
const train = fc.tuple(fc.option(fc.constantFrom('quick', 'long')), fc.array(fc.tuple(fc.constantFrom('model', 'data', 'loss', 'optimizer', 'epochs', 'batch'), value), { maxLength: 5 })).map(
  ([trainName, entries]) => `train ${trainName ?? ''}{\n${entries.map(([k, v]) => `  ${k}: ${v}`).join('\n')}\n}\n`,
);
const validFile = fc.array(fc.oneof(model, train), { maxLength: 4 }).map((items) => items.join('\n'));

test('generated valid files parse without diagnostics', () => {
  fc.assert(
    fc.property(validFile, (text) => {
      const result = parseChecked(text);
      assert.deepEqual(result.diagnostics.map((d) => `${d.code} ${d.message}`), [], text);
    }),
    { numRuns: 200 },
  );
});

// Mutations of real files: insertions, deletions, truncations, duplicated chunks.
const samples = [...sampleFiles().map(([, text]) => text)];
const mutation = textMutation(fc.oneof(fragment, fc.string({ unit: nastyCharacter, maxLength: 5 })));

test('mutated examples and fixtures never break the parser', () => {
  assert.ok(samples.length > 0);
  fc.assert(
    fc.property(fc.integer({ min: 0, max: samples.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 4 }), (index, mutations) => {
      parseChecked(mutations.reduce(mutate, samples[index] as string));
    }),
    { numRuns: 400 },
  );
});
