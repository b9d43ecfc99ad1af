import * as t from '../../tensor';
import { gradientInputs } from './tape-tensors';

/**
 * ∂out[j]/∂in[i] of one tape node, for each input that takes a gradient, READ FROM THE NODE'S RULE
 * in the engine's gradient table: the rule is run with a one-hot dy for each output element j, so
 * the local derivatives shown are exactly what backward multiplies by (no second set of
 * derivative formulas). Every input's gradient is saved before and restored after, so the pass
 * that already ran is untouched. Costs one rule call per output element: fine for the tiny models
 * this view accepts.
 */
export function localJacobian(node: t.Node): Map<t.Tensor, Float64Array> {
  const inputs = gradientInputs(node);
  const outputs = node.output.size;
  const jacobian = new Map(inputs.map((input) => [input, new Float64Array(outputs * input.size)] as const));
  const saved = inputs.map((input) => (input.grad ? Float32Array.from(input.grad) : undefined));
  const dy = new Float32Array(outputs);
  try {
    for (let j = 0; j < outputs; j++) {
      for (const input of inputs) input.grad?.fill(0);
      dy.fill(0);
      dy[j] = 1;
      t.runGradientRule(node, dy);
      for (const input of inputs) {
        const row = jacobian.get(input)!;
        const grad = input.grad;
        if (grad) for (let i = 0; i < input.size; i++) row[j * input.size + i] = grad[i]!;
      }
    }
  } finally {
    inputs.forEach((input, k) => {
      const before = saved[k];
      if (before && input.grad) input.grad.set(before);
      else input.grad?.fill(0);
    });
  }
  return jacobian;
}
