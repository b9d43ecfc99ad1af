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
export { backward, zeroGrad, topologicalOrder } from './backward';
export { gradientTable } from './gradients';
export { add, sub, mul, div, neg, mulScalar, addScalar } from './ops/arithmetic';
export { exp, log, sqrt, abs, pow } from './ops/math';
export { relu, leakyRelu, elu, gelu, tanh, sigmoid, softplus } from './ops/activations';
export { softmax, logSoftmax } from './ops/softmax';
export { matmul, addBias } from './ops/matmul';
export { sum, mean, type ReduceOptions } from './ops/reductions';
export { conv2d } from './ops/conv2d';
export { maxPool2d, avgPool2d, globalAvgPool2d } from './ops/pooling';
export { reshape, flatten } from './ops/reshape';
export { gatherRows, selectLast } from './ops/indexing';
export { dropout } from './ops/dropout';
export { batchNorm, layerNorm, type BatchNormResult } from './ops/normalization';
export { type ConvOptions, convGeometry, windowOutputSize } from './kernels/conv-geometry';
export { type PoolOptions } from './kernels/pool-geometry';
export { erf, erfc } from './kernels/erf';
export { matmulAccumulate, matmulTransposeAAccumulate, matmulTransposeBAccumulate } from './kernels/matmul';
export { setKernelBackend, kernelBackend, kernelThresholds, fastKernelsAvailable, defaultKernelThresholds, type KernelBackend, type KernelThresholds } from './kernels/backend';
export { reluForward, reluBackwardAccumulate, addBiasRows, addColumnSums, axpy } from './kernels/elementwise';
