// language-configuration.json: its patterns are compiled as VS Code compiles them (JavaScript
// regular expressions) and tried on the lines they are meant for.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fromRoot } from '../helpers/paths';

/** The parts of a VS Code language configuration this file uses. */
interface LanguageConfiguration {
  readonly comments: { readonly lineComment: string };
  readonly brackets: readonly (readonly [string, string])[];
  readonly autoClosingPairs: readonly { readonly open: string; readonly close: string; readonly notIn?: readonly string[] }[];
  readonly surroundingPairs: readonly (readonly [string, string])[];
  readonly indentationRules: { readonly increaseIndentPattern: string; readonly decreaseIndentPattern: string };
  readonly onEnterRules: readonly { readonly beforeText: string; readonly afterText?: string; readonly action: { readonly indent: string; readonly appendText?: string } }[];
  readonly wordPattern: string;
}

const config = JSON.parse(readFileSync(fromRoot('language-configuration.json'), 'utf8')) as LanguageConfiguration;

test('line comments start with "#"; brackets, auto-closing and surrounding pairs', () => {
  assert.equal(config.comments.lineComment, '#');
  const pairs = [['{', '}'], ['[', ']'], ['(', ')']];
  assert.deepEqual(config.brackets, pairs);
  assert.deepEqual(config.surroundingPairs, [...pairs, ['"', '"']]);
  assert.deepEqual(config.autoClosingPairs.map((pair) => [pair.open, pair.close]), [...pairs, ['"', '"']]);
  const quote = config.autoClosingPairs.find((pair) => pair.open === '"');
  assert.deepEqual(quote?.notIn, ['string', 'comment']);
});

test('indentation: deeper after a line that opens a block or a call, shallower at a closer', () => {
  const increase = new RegExp(config.indentationRules.increaseIndentPattern);
  const decrease = new RegExp(config.indentationRules.decreaseIndentPattern);
  for (const line of ['model Spirals {', 'train quick {   # fast settings', '  repeat 2 {', '  } shortcut {', '  head = dense(', '  input [', '  data: text("a", context: 8, f: g(']) {
    assert.ok(increase.test(line), `should indent after: ${line}`);
  }
  for (const line of ['  dense(3)', '}', '# model M {', '  dense(3)  # {', '  csv("{")', '  csv("a\\"{")', 'repeat 2 { relu() }']) {
    assert.ok(!increase.test(line), `should not indent after: ${line}`);
  }
  for (const line of ['}', '  }', '  } shortcut {', '  )', ']']) assert.ok(decrease.test(line), `should outdent: ${line}`);
  for (const line of ['  dense(3)', '  # }']) assert.ok(!decrease.test(line), `should not outdent: ${line}`);
});

test('Enter inside a full-line comment continues the comment', () => {
  const [rule] = config.onEnterRules;
  assert.ok(rule !== undefined);
  assert.ok(new RegExp(rule.beforeText).test('  # the hidden layers'));
  assert.ok(new RegExp(rule.afterText ?? '').test(' must learn'));
  assert.ok(!new RegExp(rule.beforeText).test('  dense(3)  # a trailing note'));
  assert.deepEqual(rule.action, { indent: 'none', appendText: '# ' });
});

test('a word is an identifier or a whole number literal', () => {
  const word = new RegExp(`^(?:${config.wordPattern})$`);
  for (const text of ['hidden1', 'leaky_relu', '_x', '42', '-3', '0.5', '.5', '1e-3', '2.5E+4', '1_000']) assert.ok(word.test(text), text);
  for (const text of ['1__0', 'a-b', '']) assert.ok(!word.test(text), JSON.stringify(text));
  const words = [...'dense(16, activation: relu, lr: 1e-3)'.matchAll(new RegExp(config.wordPattern, 'g'))].map((match) => match[0]);
  assert.deepEqual(words, ['dense', '16', 'activation', 'relu', 'lr', '1e-3']);
});
