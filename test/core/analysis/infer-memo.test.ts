import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticSink } from '../../../core/common/diagnostic-sink';
import { bindArguments, sameArguments } from '../../../core/analysis/arguments';
import { findLayer, layerArguments } from '../../../core/analysis/catalog';
import { inferLayer } from '../../../core/analysis/layer-checker';
import { parse } from '../../../core/syntax';
import type { Call, LayerStatement } from '../../../core/syntax';

/** The bound arguments of each layer call of a model body. */
function bindings(calls: readonly string[]): { kind: string; args: ReturnType<typeof bindArguments>['args'] }[] {
  const body = parse(`model M {\n  input [3, 16, 16]\n${calls.map((c) => `  ${c}\n`).join('')}}\n`).file.items[0];
  assert.ok(body?.kind === 'Model' && body.body);
  return body.body.items
    .filter((s): s is LayerStatement => s.kind === 'Layer')
    .map((s) => {
      const call = s.call as Call;
      const spec = findLayer(call.callee.text);
      assert.ok(spec);
      return { kind: spec.name, args: bindArguments(call, layerArguments(spec), spec.name, new DiagnosticSink()).args };
    });
}

// inferLayer reuses a kind's recent results for equal contexts; whatever it reuses must be what
// the rule itself gives for that context, in any order of calls and with more variants than it keeps.
test('inferLayer gives what infer gives, reused or not', () => {
  const calls = [
    'conv2d(16, 3, padding: same, activation: relu)',
    'conv2d(16, [3, 3], padding: [1, 1])',
    'conv2d(16, 3, stride: 1, padding: 1, dilation: 1, activation: relu, bias: true, init: he)',
    'conv2d(8, 3, stride: 2)',
    'conv2d(8, 3, stride: 2, bias: false)',
    'conv2d(8, [1, 3], groups: 1)',
    'conv2d(6, 3, groups: 3)',
    'conv2d(5, 3, groups: 3)',
    'conv2d(4, 40)',
    'dense(10)',
    'batchnorm()',
  ];
  const bound = bindings(calls);
  const shapes = [[3, 16, 16], [3, 16, 16], [6, 9, 9], [48], [3, 2]];
  let seed = 7;
  const next = (n: number): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
  for (let round = 0; round < 400; round++) {
    const { kind, args } = bound[next(bound.length)]!;
    const spec = findLayer(kind)!;
    const input = [...shapes[next(shapes.length)]!];
    const readsModelInput = next(2) === 0;
    const inference = inferLayer(spec, input, args, readsModelInput);
    assert.deepStrictEqual(inference.result, spec.infer({ input, args, readsModelInput }), `${kind} on [${input.join(', ')}]`);
    // The arguments it hands back (kept for the layer's summary) are equal to the ones given.
    assert.ok(sameArguments(inference.args, args));
    assert.deepStrictEqual(inference.input, input);
  }
});

test('sameArguments compares bound values, lists by their items', () => {
  const [a, b, c, d] = bindings(['conv2d(16, [3, 3], padding: [1, 1])', 'conv2d(16, [3, 3], padding: [1, 1])', 'conv2d(16, [3, 3], padding: [1, 2])', 'conv2d(16, 3, padding: 1)']);
  assert.equal(sameArguments(a!.args, b!.args), true);
  assert.equal(sameArguments(a!.args, c!.args), false);
  assert.equal(sameArguments(a!.args, d!.args), false); // 3 and [3, 3] mean the same kernel but are different values
});
