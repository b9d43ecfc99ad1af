import type { NodeOf, OpName } from './graph';
import { gradBuffer, newGradBuffer } from './grad-buffer';
import { hardswishDerivative, mishDerivative, sigmoid, siluDerivative } from './kernels/activation-math';
import { adaptiveAvgPoolBackward } from './kernels/adaptive-pool';
import { causalAttentionBackward } from './kernels/attention';
import { mergeHeadsBackward, splitHeadsBackward } from './kernels/heads';
import { permuteBackward } from './kernels/permute';
import { upsampleBackward } from './kernels/upsample';
import { preluLayout } from './ops/prelu';
import { accumulateReduced, binaryBroadcast } from './kernels/broadcast';
import { conv2dBackward } from './kernels/conv2d';
import { convTranspose2dBackward } from './kernels/conv-transpose2d';
import { depthwiseConv2dBackward, isDepthwise } from './kernels/depthwise-conv2d';
import { addColumnSums, reluBackwardAccumulate, reluBackwardInto } from './kernels/elementwise';
import { batchGemmAccumulate, linearBackward, linearGeluBackward, matmulTransposeAAccumulate, matmulTransposeBAccumulate } from './kernels/matmul';
import { narrowLayout } from './ops/narrow';
import { stepGates } from './ops/recurrent-cells';
import { gruBackward, lstmOutputBackward, lstmStateBackward } from './kernels/recurrent-cells';
import { batchNormBackward, layerNormBackward } from './kernels/normalization';
import { avgPoolBackward, maxPoolBackward, maxPoolBackwardInto } from './kernels/pool2d';
import { planeMeansBackward } from './kernels/plane-mean';
import { logSoftmaxBackwardRows, softmaxBackwardRows } from './kernels/softmax';
import { causalSoftmaxBackwardRows } from './kernels/causal-softmax';
import { sameShape, size, type Shape } from './shape';
import { allocateFloat32 } from './tape';
import type { LinearGradients } from './wasm/matmul';
import type { Tensor } from './tensor';

/** A gradient rule: given the node and dy = ∂loss/∂output, add ∂loss/∂input into each input's gradient. */
export type GradientRule<K extends OpName> = (node: NodeOf<K>, dy: Float32Array) => void;

/**
 * THE gradient table: one rule per operation, and nothing else defines how a gradient flows.
 * Rules accumulate (+=) into `gradBuffer(input)`, which is undefined for inputs that need no
 * gradient, and reduce over broadcast axes so each gradient has its input's shape. Elementwise
 * rules spell out their loops (`v` is what the derivative reads: x, the output y, or the mask):
 * one shared loop taking the derivative as a callback measured 2–7× slower in V8.
 */
export const gradientTable: { readonly [K in OpName]: GradientRule<K> } = {
  add: ({ inputs: [a, b], output }, dy) => {
    reduceInto(a!, dy, output.shape, 1);
    reduceInto(b!, dy, output.shape, 1);
  },
  sub: ({ inputs: [a, b], output }, dy) => {
    reduceInto(a!, dy, output.shape, 1);
    reduceInto(b!, dy, output.shape, -1);
  },
  mul: ({ inputs: [a, b], output }, dy) => {
    productInto(a!, dy, b!, output.shape, 'mul', 1);
    productInto(b!, dy, a!, output.shape, 'mul', 1);
  },
  div: ({ inputs: [a, b], output }, dy) => {
    productInto(a!, dy, b!, output.shape, 'div', 1);
    if (!b!.requiresGrad) return;
    // ∂(a/b)/∂b = −(a/b)/b = −y/b.
    const dyTimesY = allocateFloat32(dy.length, false);
    for (let i = 0; i < dy.length; i++) dyTimesY[i] = dy[i]! * output.data[i]!;
    productInto(b!, dyTimesY, b!, output.shape, 'div', -1);
  },
  mulScalar: ({ inputs: [x], attributes: { factor } }, dy) => {
    const dx = gradBuffer(x!);
    if (dx) for (let i = 0; i < dy.length; i++) dx[i] = dx[i]! + factor * dy[i]!;
  },
  addScalar: ({ inputs: [x] }, dy) => reduceInto(x!, dy, x!.shape, 1),
  matmul: ({ inputs: [a, b] }, dy) => {
    const [n, m] = b!.shape as [number, number];
    const rows = size(a!.shape.slice(0, -1));
    const da = gradBuffer(a!);
    const db = gradBuffer(b!);
    if (da) matmulTransposeBAccumulate(dy, b!.data, da, rows, m, n); // dA += dY · Bᵀ
    if (db) matmulTransposeAAccumulate(a!.data, dy, db, n, rows, m); // dB += Aᵀ · dY
  },
  batchMatmul: ({ inputs: [a, b], attributes: { geometry, transposeB } }, dy) => {
    const { batch, m, k, n } = geometry;
    // A gradient buffer created here holds zeros: the fast kernels fill it rather than copy it in
    // (b's is looked at after a's is made: batchMatmul(x, x) has one buffer for both).
    const daZero = a!.grad === undefined;
    const da = gradBuffer(a!);
    const dbZero = b!.grad === undefined;
    const db = gradBuffer(b!);
    // Per product i the same sums as one call each (blocks i of every operand); one visit to wasm per rule.
    if (transposeB) {
      if (da) batchGemmAccumulate('nn', dy, b!.data, da, batch, m, n, k, daZero); // dA += dY · B (B is [n, k])
      if (db) batchGemmAccumulate('tn', dy, a!.data, db, batch, n, m, k, dbZero); // dB += dYᵀ · A
    } else {
      if (da) batchGemmAccumulate('nt', dy, b!.data, da, batch, m, n, k, daZero); // dA += dY · Bᵀ
      if (db) batchGemmAccumulate('tn', a!.data, dy, db, batch, k, m, n, dbZero); // dB += Aᵀ · dY
    }
  },
  linear: ({ inputs: [x, w, bias] }, dy) => {
    const [n, m] = w!.shape as [number, number];
    const rows = size(x!.shape.slice(0, -1));
    // dX += dY · Wᵀ, dW += Xᵀ · dY, dbias += Σ_rows dY.
    linearBackward(x!.data, w!.data, dy, linearGradients(x!, w!, bias), rows, n, m);
  },
  // linear's rule on dy ⊙ GELU′ (gelu's rule writes that product into the pre-activation's fresh gradient).
  linearGelu: ({ inputs: [x, w, bias], attributes: { derivative } }, dy) => {
    const [n, m] = w!.shape as [number, number];
    const rows = size(x!.shape.slice(0, -1));
    linearGeluBackward(x!.data, w!.data, dy, derivative, linearGradients(x!, w!, bias), rows, n, m);
  },
  addBias: ({ inputs: [x, bias] }, dy) => {
    reduceInto(x!, dy, x!.shape, 1);
    const db = gradBuffer(bias!);
    if (db) addColumnSums(dy, db);
  },
  globalAvgPool2d: ({ inputs: [x], attributes: { planes, length, scale } }, dy) => {
    // A fresh buffer where the reshape's rule copied (reduceInto), otherwise added.
    const fresh = newGradBuffer(x!);
    const dx = fresh ?? gradBuffer(x!);
    if (dx) planeMeansBackward(dy, planes, length, scale, dx, fresh !== undefined);
  },
  sum: ({ inputs: [x], attributes: { outer, length, inner, scale } }, dy) => {
    const dx = gradBuffer(x!);
    if (!dx) return;
    for (let o = 0; o < outer; o++) {
      for (let l = 0; l < length; l++) {
        const to = (o * length + l) * inner;
        const from = o * inner;
        for (let i = 0; i < inner; i++) dx[to + i] = dx[to + i]! + scale * dy[from + i]!;
      }
    }
  },
  exp: ({ inputs: [x], output: y }, dy) => {
    const dx = gradBuffer(x!);
    if (!dx) return;
    const v = y.data;
    for (let i = 0; i < dy.length; i++) dx[i] = dx[i]! + dy[i]! * v[i]!;
  },
  log: ({ inputs: [x] }, dy) => {
    const dx = gradBuffer(x!);
    if (!dx) return;
    const v = x!.data;
    for (let i = 0; i < dy.length; i++) dx[i] = dx[i]! + dy[i]! / v[i]!;
  },
  sqrt: ({ inputs: [x], output: y }, dy) => {
    const dx = gradBuffer(x!);
    if (!dx) return;
    const v = y.data;
    for (let i = 0; i < dy.length; i++) dx[i] = dx[i]! + (0.5 * dy[i]!) / v[i]!;
  },
  abs: ({ inputs: [x] }, dy) => {
    const dx = gradBuffer(x!);
    if (!dx) return;
    const v = x!.data;
    for (let i = 0; i < dy.length; i++) dx[i] = dx[i]! + (v[i]! > 0 ? dy[i]! : v[i]! < 0 ? -dy[i]! : 0);
  },
  pow: ({ inputs: [x], attributes: { exponent } }, dy) => {
    // d xᵖ = p·xᵖ⁻¹, and exactly 0 for p = 0 (not 0·x⁻¹, which is NaN at 0), as PyTorch.
    if (exponent === 0) return;
    const dx = gradBuffer(x!);
    if (!dx) return;
    const v = x!.data;
    for (let i = 0; i < dy.length; i++) dx[i] = dx[i]! + dy[i]! * exponent * Math.pow(v[i]!, exponent - 1);
  },
  relu: ({ inputs: [x] }, dy) => {
    // Usually x (a conv's or batch norm's output) has no gradient yet: written, not read and summed.
    const fresh = newGradBuffer(x!);
    if (fresh) return reluBackwardInto(x!.data, dy, fresh);
    const dx = gradBuffer(x!);
    if (dx) reluBackwardAccumulate(x!.data, dy, dx);
  },
  leakyRelu: ({ inputs: [x], attributes: { slope } }, dy) => {
    const dx = gradBuffer(x!);
    if (!dx) return;
    const v = x!.data;
    for (let i = 0; i < dy.length; i++) dx[i] = dx[i]! + (v[i]! > 0 ? dy[i]! : slope * dy[i]!);
  },
  elu: ({ inputs: [x], attributes: { alpha } }, dy) => {
    const dx = gradBuffer(x!);
    if (!dx) return;
    const v = x!.data;
    for (let i = 0; i < dy.length; i++) dx[i] = dx[i]! + (v[i]! > 0 ? dy[i]! : dy[i]! * alpha * Math.exp(v[i]!));
  },
  // dGELU/dx was computed by the forward, with the output (rounded to float32 there).
  gelu: ({ inputs: [x], attributes: { derivative } }, dy) => {
    // Usually x (a dense layer's output) has no gradient yet: written, not zeroed, read and summed
    // (the same values: 0 + dy·d is dy·d, but for the sign of a zero product).
    const fresh = newGradBuffer(x!);
    if (fresh) {
      for (let i = 0; i < dy.length; i++) fresh[i] = dy[i]! * derivative[i]!;
      return;
    }
    const dx = gradBuffer(x!);
    if (!dx) return;
    for (let i = 0; i < dy.length; i++) dx[i] = dx[i]! + dy[i]! * derivative[i]!;
  },
  tanh: ({ inputs: [x], output: y }, dy) => {
    const dx = gradBuffer(x!);
    if (!dx) return;
    const v = y.data;
    for (let i = 0; i < dy.length; i++) dx[i] = dx[i]! + dy[i]! * (1 - v[i]! * v[i]!);
  },
  sigmoid: ({ inputs: [x], output: y }, dy) => {
    const dx = gradBuffer(x!);
    if (!dx) return;
    const v = y.data;
    for (let i = 0; i < dy.length; i++) dx[i] = dx[i]! + dy[i]! * v[i]! * (1 - v[i]!);
  },
  softplus: ({ inputs: [x] }, dy) => {
    const dx = gradBuffer(x!);
    if (!dx) return;
    const v = x!.data;
    for (let i = 0; i < dy.length; i++) dx[i] = dx[i]! + dy[i]! * sigmoid(v[i]!);
  },
  silu: ({ inputs: [x] }, dy) => {
    const dx = gradBuffer(x!);
    if (!dx) return;
    const v = x!.data;
    for (let i = 0; i < dy.length; i++) dx[i] = dx[i]! + dy[i]! * siluDerivative(v[i]!);
  },
  mish: ({ inputs: [x] }, dy) => {
    const dx = gradBuffer(x!);
    if (!dx) return;
    const v = x!.data;
    for (let i = 0; i < dy.length; i++) dx[i] = dx[i]! + dy[i]! * mishDerivative(v[i]!);
  },
  hardswish: ({ inputs: [x] }, dy) => {
    const dx = gradBuffer(x!);
    if (!dx) return;
    const v = x!.data;
    for (let i = 0; i < dy.length; i++) dx[i] = dx[i]! + dy[i]! * hardswishDerivative(v[i]!);
  },
  hardsigmoid: ({ inputs: [x] }, dy) => {
    const dx = gradBuffer(x!);
    if (!dx) return;
    const v = x!.data;
    for (let i = 0; i < dy.length; i++) dx[i] = dx[i]! + (v[i]! > -3 && v[i]! < 3 ? dy[i]! / 6 : 0);
  },
  relu6: ({ inputs: [x] }, dy) => {
    const dx = gradBuffer(x!);
    if (!dx) return;
    const v = x!.data;
    for (let i = 0; i < dy.length; i++) dx[i] = dx[i]! + (v[i]! > 0 && v[i]! < 6 ? dy[i]! : 0);
  },
  prelu: ({ inputs: [x, weight] }, dy) => {
    const dx = gradBuffer(x!);
    const dweight = gradBuffer(weight!);
    const { channels, inner } = preluLayout(x!, weight!);
    const v = x!.data;
    const slopes = weight!.data;
    for (let start = 0, c = 0; start < dy.length; start += inner, c = c + 1 === channels ? 0 : c + 1) {
      const slope = slopes[c]!;
      let slopeGradient = 0;
      for (let i = start; i < start + inner; i++) {
        if (v[i]! > 0) {
          if (dx) dx[i] = dx[i]! + dy[i]!;
        } else {
          if (dx) dx[i] = dx[i]! + slope * dy[i]!;
          slopeGradient += v[i]! * dy[i]!;
        }
      }
      if (dweight) dweight[c] = dweight[c]! + slopeGradient;
    }
  },
  softmax: ({ inputs: [x], output: y }, dy) => {
    const dx = gradBuffer(x!);
    const n = x!.shape[x!.shape.length - 1]!;
    if (dx) softmaxBackwardRows(y.data, dy, dx, dy.length / n, n);
  },
  logSoftmax: ({ inputs: [x], output: y }, dy) => {
    const dx = gradBuffer(x!);
    const n = x!.shape[x!.shape.length - 1]!;
    if (dx) logSoftmaxBackwardRows(y.data, dy, dx, dy.length / n, n);
  },
  // The masked outputs are 0, so softmax's rule passes them no gradient: only the visible columns are visited.
  lstmCellState: ({ inputs: [inputGates, stateGates, previous], attributes: { step, activations } }, dy) => {
    const gates = stepGates('lstmCellState', 4, inputGates!, step, stateGates);
    lstmStateBackward(gates, previous?.data, activations, dy, gradBuffer(inputGates!), stateGates && gradBuffer(stateGates), previous && gradBuffer(previous));
  },
  lstmCellOutput: ({ inputs: [inputGates, cell, stateGates], attributes: { step, activations } }, dy) => {
    const gates = stepGates('lstmCellOutput', 4, inputGates!, step, stateGates);
    lstmOutputBackward(gates, activations, dy, gradBuffer(inputGates!), stateGates && gradBuffer(stateGates), gradBuffer(cell!));
  },
  gruCell: ({ inputs: [inputGates, stateGates, previous], attributes: { step, activations } }, dy) => {
    const gates = stepGates('gruCell', 3, inputGates!, step, stateGates);
    gruBackward(gates, previous?.data, activations, dy, gradBuffer(inputGates!), gradBuffer(stateGates!), previous && gradBuffer(previous));
  },
  causalSoftmax: ({ inputs: [x], output: y }, dy) => {
    const dx = gradBuffer(x!);
    const n = x!.shape[x!.shape.length - 1]!;
    if (dx) causalSoftmaxBackwardRows(y.data, dy, dx, dy.length / n, n);
  },
  conv2d: ({ inputs: [x, weight, bias], attributes: { geometry, columns } }, dy) => {
    const dx = gradBuffer(x!);
    if (isDepthwise(geometry)) return depthwiseConv2dBackward(dy, x!.data, weight!.data, geometry, dx, gradBuffer(weight!), bias ? gradBuffer(bias) : undefined);
    conv2dBackward(dy, weight!.data, geometry, columns, dx, gradBuffer(weight!), bias ? gradBuffer(bias) : undefined);
  },
  conv2dRelu: ({ inputs: [x, weight, bias], attributes: { geometry, columns, output } }, dy) => {
    conv2dBackward(dy, weight!.data, geometry, columns, gradBuffer(x!), gradBuffer(weight!), bias ? gradBuffer(bias) : undefined, output);
  },
  convTranspose2d: ({ inputs: [x, weight, bias], attributes: { geometry } }, dy) => {
    const dx = gradBuffer(x!);
    const dweight = gradBuffer(weight!);
    const { channels, kernelHeight, kernelWidth, outHeight, outWidth } = geometry;
    const scratch = dx || dweight ? allocateFloat32(channels * kernelHeight * kernelWidth * outHeight * outWidth, false) : new Float32Array(0);
    convTranspose2dBackward(dy, x!.data, weight!.data, geometry, scratch, dx, dweight, bias ? gradBuffer(bias) : undefined);
  },
  maxPool2d: ({ inputs: [x], attributes: { argmax } }, dy) => {
    // Usually x (a relu's or conv's output) has no gradient yet: zeroed in wasm, not copied in.
    const fresh = newGradBuffer(x!);
    if (fresh) return maxPoolBackwardInto(dy, argmax, fresh);
    const dx = gradBuffer(x!);
    if (dx) maxPoolBackward(dy, argmax, dx);
  },
  avgPool2d: ({ inputs: [x], attributes: { geometry } }, dy) => {
    const dx = gradBuffer(x!);
    if (dx) avgPoolBackward(dy, geometry, dx);
  },
  adaptiveAvgPool2d: ({ inputs: [x], attributes: { geometry } }, dy) => {
    const dx = gradBuffer(x!);
    if (dx) adaptiveAvgPoolBackward(dy, geometry, dx);
  },
  upsample: ({ inputs: [x], attributes: { geometry } }, dy) => {
    const dx = gradBuffer(x!);
    if (dx) upsampleBackward(dy, geometry, dx);
  },
  permute: ({ inputs: [x], attributes: { axes } }, dy) => {
    const dx = gradBuffer(x!);
    if (dx) permuteBackward(dy, x!.shape, axes, dx);
  },
  concat: ({ inputs, output, attributes: { axis } }, dy) => {
    const outer = size(output.shape.slice(0, axis));
    const row = dy.length / Math.max(outer, 1);
    let offset = 0;
    for (const input of inputs) {
      const chunk = outer === 0 ? 0 : input.size / outer;
      const dx = gradBuffer(input);
      if (dx) {
        for (let o = 0; o < outer; o++) {
          const from = o * row + offset;
          const to = o * chunk;
          for (let i = 0; i < chunk; i++) dx[to + i] = dx[to + i]! + dy[from + i]!;
        }
      }
      offset += chunk;
    }
  },
  reshape: ({ inputs: [x] }, dy) => reduceInto(x!, dy, x!.shape, 1),
  splitHeads: ({ inputs: [x], attributes: { layout, scale } }, dy) => {
    const dx = gradBuffer(x!);
    if (dx) splitHeadsBackward(dy, layout, scale, dx);
  },
  causalAttention: ({ inputs: [x], attributes: { layout, scale, weights } }, dy) => {
    const { dx, dxZero } = freshDx(x!);
    if (dx) causalAttentionBackward(x!.data, weights, dy, layout, scale, dx, dxZero);
  },
  mergeHeads: ({ inputs: [x], attributes: { layout } }, dy) => {
    const dx = gradBuffer(x!);
    if (dx) mergeHeadsBackward(dy, layout, dx);
  },
  narrow: ({ inputs: [x], output, attributes: { axis, start } }, dy) => {
    const dx = gradBuffer(x!);
    if (!dx) return;
    const { outer, row, chunk, offset } = narrowLayout(x!.shape, axis, start, output.shape[axis]!);
    for (let o = 0; o < outer; o++) for (let i = 0; i < chunk; i++) dx[o * row + offset + i] = dx[o * row + offset + i]! + dy[o * chunk + i]!;
  },
  gatherRows: ({ inputs: [table], attributes: { indices } }, dy) => {
    const dtable = gradBuffer(table!);
    if (!dtable) return;
    const dim = table!.shape[1]!;
    for (let r = 0; r < indices.length; r++) {
      const to = indices[r]! * dim;
      const from = r * dim;
      for (let j = 0; j < dim; j++) dtable[to + j] = dtable[to + j]! + dy[from + j]!;
    }
  },
  selectLast: ({ inputs: [x], attributes: { indices } }, dy) => {
    const dx = gradBuffer(x!);
    const classes = x!.shape[x!.shape.length - 1]!;
    if (!dx) return;
    for (let r = 0; r < indices.length; r++) {
      const at = r * classes + indices[r]!;
      dx[at] = dx[at]! + dy[r]!;
    }
  },
  dropout: ({ inputs: [x], attributes: { mask } }, dy) => {
    const dx = gradBuffer(x!);
    if (!dx) return;
    const v = mask;
    for (let i = 0; i < dy.length; i++) dx[i] = dx[i]! + dy[i]! * v[i]!;
  },
  batchNorm: ({ inputs: [x, gamma, beta], attributes: { statistics, batch, spatial } }, dy) => {
    batchNormBackward(dy, x!.data, statistics, gamma!.data, batch, gamma!.size, spatial, gradBuffer(x!), gradBuffer(gamma!), gradBuffer(beta!));
  },
  layerNorm: ({ inputs: [x, gamma, beta], attributes: { normalized, inverseStd } }, dy) => {
    const n = gamma!.size;
    layerNormBackward(dy, normalized, inverseStd, gamma!.data, dy.length / n, n, gradBuffer(x!), gradBuffer(gamma!), gradBuffer(beta!));
  },
};

/** t.grad += scale · (values summed over the axes along which t was broadcast to valuesShape). */
function reduceInto(t: Tensor, values: Float32Array, valuesShape: Shape, scale: number): void {
  // The first gradient of an intermediate of the same size (a residual add's two inputs): a copy
  // instead of zero-filling a buffer and adding into it. The same values: 0 + dy is dy but for
  // the sign of a zero (a −0 of dy stays −0, the sum made it +0), which changes no nonzero result.
  const fresh = scale === 1 && t.size === values.length ? newGradBuffer(t) : undefined;
  if (fresh) {
    fresh.set(values);
    return;
  }
  const dt = gradBuffer(t);
  if (dt) accumulateReduced(values, valuesShape, dt, t.shape, scale);
}

/** t.grad += scale · reduce(dy ∘ other), ∘ being mul or div, for the product and quotient rules. */
function productInto(t: Tensor, dy: Float32Array, other: Tensor, outShape: Shape, operation: 'mul' | 'div', scale: number): void {
  const dt = gradBuffer(t);
  if (!dt) return;
  const o = other.data;
  if (sameShape(t.shape, outShape) && sameShape(other.shape, outShape)) {
    if (operation === 'mul') for (let i = 0; i < dy.length; i++) dt[i] = dt[i]! + scale * dy[i]! * o[i]!;
    else for (let i = 0; i < dy.length; i++) dt[i] = dt[i]! + (scale * dy[i]!) / o[i]!;
    return;
  }
  const values = allocateFloat32(dy.length, false);
  binaryBroadcast(operation, dy, outShape, o, other.shape, values, outShape);
  accumulateReduced(values, outShape, dt, t.shape, scale);
}

/**
 * x's gradient buffer for a rule whose kernels take a gradient they create as zeros
 * (`dxZero`: the fast ones fill zeros in WebAssembly and never read it, the reference ones zero it
 * first), so one just created is not zero-filled here too: unzeroed from the tape for an
 * intermediate, as `newGradBuffer`. Undefined dx when x needs no gradient.
 */
function freshDx(x: Tensor): { dx: Float32Array | undefined; dxZero: boolean } {
  const dxZero = x.grad === undefined;
  return { dx: newGradBuffer(x) ?? gradBuffer(x), dxZero };
}

/**
 * linear's gradient buffers, dx as `freshDx`'s. One object literal, not a spread of freshDx's result:
 * the spread made objects of another V8 map, which slowed the whole step of a small MLP by a third
 * (MLP 2-16-16-3: 52k → 34k steps/s).
 */
function linearGradients(x: Tensor, w: Tensor, bias: Tensor | undefined): LinearGradients {
  const dxZero = x.grad === undefined;
  return { dx: newGradBuffer(x) ?? gradBuffer(x), dxZero, dw: gradBuffer(w), db: bias && gradBuffer(bias) };
}
