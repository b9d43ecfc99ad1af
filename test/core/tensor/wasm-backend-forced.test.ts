// The engine's own tests and the PyTorch fixtures (whole models: outputs, losses, every gradient;
// the layer ops of layer-ops.json)
// rerun under the fast backend with every kernel forced to WebAssembly (all thresholds 0),
// so both backends are held to the same references (the default run uses the fast backend with
// its size thresholds). The suites are loaded inside the describe, so their tests register as its
// subtests after the backend is set; each test file runs in its own process.
import { describe, type TestFn } from 'node:test';
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the real module object (an import * is a copy)
import nodeTest = require('node:test');
import { setKernelBackend } from '../../../core/tensor';

/**
 * The one test that states the reference kernel's own invariant (float64 accumulators: a sum that
 * cancels in float32 is exact) is skipped here, by name: the WebAssembly gemm sums in float32 lanes
 * by design, and wasm-kernels.test.ts bounds that difference instead.
 */
const referenceOnly = new Set(['matmul rounds once: a sum that cancels in float32 is exact (float64 accumulators)']);

/** Loads a test module with `test(name, …)` turned into a skip for the names in `referenceOnly`. */
function load(path: string): void {
  // The compiled suites call require('node:test').test(…), so the property of the real module is swapped.
  const registry = nodeTest as unknown as { test: (name: string, second: TestFn | { skip: string }, third?: TestFn) => unknown };
  const original = registry.test;
  const skip = 'reference-kernel invariant (float64 sums); the fast gemm sums in float32';
  registry.test = (name, second, third) => (referenceOnly.has(name) && typeof second === 'function' ? original(name, { skip }, second) : original(name, second, third));
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require(path);
  } finally {
    registry.test = original;
  }
}

describe('under the fast backend with every kernel forced to WebAssembly (all thresholds 0)', () => {
  setKernelBackend('fast', { matmul: 0, conv2d: 0, maxPool: 0, elementwise: 0 });
  for (const path of ['../nn/network.test', './autodiff.test', './end-to-end.test', './errors.test', './gradients.test', './kernels.test', './numerics.test', './torch-layer-ops.test']) load(path);
});
