// Which tensors the gradient panels watch and how the landscape treats them: read from the
// catalog's tensor names (tensorRole), not cut from `attn.out_proj.weight` at its last dot, which
// once made `attn.out_proj` a layer of its own and counted `in_proj_bias` as a weight.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parameterLayout } from '../../../core/inspect';
import { parameterLayers } from '../../../core/train/layer-parameters';
import { buildNetwork } from '../inspect/inspect-helpers';

const sequence = `model Sequence {
  input [6, 8]
  attn = attention(2)
  memory = lstm(5)
  head = dense(3)
}
`;

test('an attention layer is one row with its four tensors; its watched weight is in_proj_weight', () => {
  const network = buildNetwork(sequence);
  const rows = parameterLayers(network);
  assert.deepEqual(rows.map((r) => r.name), ['attn', 'memory', 'head']);
  const attn = rows[0]!;
  assert.equal(attn.tensors.length, 4);
  assert.equal(attn.weight, network.stateOf('attn')!.tensors.find((x) => x.spec.name === 'in_proj_weight')!.parameter);
  assert.equal(rows[1]!.weight, network.stateOf('memory')!.tensors.find((x) => x.spec.name === 'weight_ih_l0')!.parameter);
  assert.equal(rows[2]!.weight, network.stateOf('head')!.weight);
});

test('the flat parameter layout names each tensor\'s layer and role from the catalog', () => {
  const layout = parameterLayout(buildNetwork(sequence));
  const described = layout.map((s) => `${s.name} ${s.layer} ${s.layerKind} ${s.role}`);
  assert.deepEqual(described, [
    'attn.in_proj_weight attn attention weight',
    'attn.in_proj_bias attn attention bias',
    'attn.out_proj.weight attn attention weight',
    'attn.out_proj.bias attn attention bias',
    'memory.weight_ih_l0 memory lstm weight',
    'memory.weight_hh_l0 memory lstm weight',
    'memory.bias_ih_l0 memory lstm bias',
    'memory.bias_hh_l0 memory lstm bias',
    'head.weight head dense weight',
    'head.bias head dense bias',
  ]);
});
