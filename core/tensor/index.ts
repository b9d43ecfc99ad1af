/**
 * The tensor engine: float32 tensors, kernels, one gradient table and reverse-mode autodiff.
 *
 * A training step: `tape.run(() => { const loss = …ops…; backward(loss); })`, then the optimizer
 * reads `parameter.grad`, then `zeroGrad(parameters)` and `tape.reset()` (which recycles every
 * intermediate buffer, so the tensors of the step must not be read after it).
 */
export { Tensor, tensor, zeros, full, scalar, parameter, type Parameter, type TensorOptions } from './tensor';
export { size, sameShape, broadcastShapes, type Shape } from './shape';
export { Tape, currentTape } from './tape';
export { noGrad, isGradEnabled, type Node, type OpName, type OpAttributes } from './graph';
export { backward, zeroGrad, topologicalOrder, runGradientRule, type BackwardObserver } from './backward';
export { gradientTable } from './gradients';
export { add, addAll, sub, mul, div, neg, mulScalar, addScalar } from './ops/arithmetic';
export { exp, log, sqrt, abs, pow } from './ops/math';
export { relu, leakyRelu, elu, gelu, tanh, sigmoid, softplus, silu, mish, hardswish, hardsigmoid, relu6 } from './ops/activations';
/** PReLU with a learned slope: weight [1] (shared) or [channels] (axis 1), as torch.nn.PReLU. */
export { prelu } from './ops/prelu';
/** softmax and its log over the last axis, stable (shifted by each row's maximum). */
export { softmax, logSoftmax } from './ops/softmax';
export { matmul, addBias, linear, linearGelu } from './ops/matmul';
/** Attention's pieces: a product per batch index (a·b or a·bᵀ), the causal softmax, a slice along an axis. */
export { batchMatmul } from './ops/batch-matmul';
export { causalSoftmax } from './ops/causal-softmax';
export { narrow } from './ops/narrow';
/** One LSTM or GRU time step, fused: the gates of a step from the input's projection of every step and W_hh·h. */
export { lstmCellState, lstmCellOutput, gruCell } from './ops/recurrent-cells';
/** Attention's head split (columns of a projection → [..., heads, T, s], scaled) and join, one pass each. */
export { splitHeads, mergeHeads } from './ops/heads';
/** Causal attention's core (split, scores, causal softmax, weighted values, join) as one op. */
export { causalAttention } from './ops/attention';
export { sum, mean, type ReduceOptions } from './ops/reductions';
/** conv2d (NCHW, weight [filters, C / groups, kh, kw], groups for grouped and depthwise convolutions). */
export { conv2d, conv2dRelu } from './ops/conv2d';
/** conv1d over [batch, C, L] (weight [filters, C / groups, k]), run as conv2d on an H = 1 view. */
export { conv1d, type Conv1dOptions } from './ops/conv1d';
/** Transposed conv2d, weight [Cin, Cout, kh, kw] as PyTorch's ConvTranspose2d (stride, padding, outputPadding). */
export { convTranspose2d } from './ops/conv-transpose2d';
export { type ConvTransposeOptions, transposedOutputSize } from './kernels/conv-transpose-geometry';
export { maxPool2d, avgPool2d, globalAvgPool2d, globalMaxPool2d } from './ops/pooling';
/** 1-D pooling over [batch, C, L] (2-D pooling on an H = 1 view) and the mean over L. */
export { maxPool1d, avgPool1d, globalAvgPool1d, type Pool1dOptions } from './ops/pooling1d';
/** Average pooling to a fixed [h, w] with PyTorch's adaptive windows. */
export { adaptiveAvgPool2d } from './ops/adaptive-pool';
/** Nearest or bilinear (align_corners=False) upsampling by integer factors, as F.interpolate(scale_factor). */
export { upsample } from './ops/upsample';
export { type UpsampleOptions, type UpsampleMode } from './kernels/upsample';
/** reshape (one −1 inferred) and flatten(x, startAxis = 1) are views; permute (every axis, batch included) copies. */
export { reshape, flatten } from './ops/reshape';
export { permute } from './ops/permute';
/** Joins tensors along an axis (torch.cat); `addAll` sums several tensors (a merge by addition). */
export { concat } from './ops/concat';
export { gatherRows, selectLast } from './ops/indexing';
export { dropout } from './ops/dropout';
export { batchNorm, batchNormInference, layerNorm, type BatchNormResult } from './ops/normalization';
export { type ConvOptions, convGeometry, windowOutputSize } from './kernels/conv-geometry';
export { type PoolOptions } from './kernels/pool-geometry';
export { erf, erfc } from './kernels/erf';
export { matmulAccumulate, matmulTransposeAAccumulate, matmulTransposeBAccumulate } from './kernels/matmul';
export { fastDenseActivate, fastDenseStack, type DenseActivation, type DenseStackLayer } from './kernels/dense-activation';
export { setKernelBackend, kernelBackend, kernelThresholds, fastKernelsAvailable, fastKernelsVariant, defaultKernelThresholds, setKernelThreads, kernelThreadCount, kernelThreadRounds, kernelThreadRoundsServed, type KernelBackend, type KernelThresholds } from './kernels/backend';
export type { KernelThreadHost, KernelThreadSetup } from './wasm/thread-protocol';
export { crossEntropyRows, rowLogSumExp, type CrossEntropyCoefficients } from './kernels/cross-entropy';
export { reluForward, reluBackwardAccumulate, addBiasRows, addColumnSums, axpy } from './kernels/elementwise';
