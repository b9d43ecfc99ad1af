// The committed wasm module (core/tensor/wasm/kernels-wasm.ts) is exactly what scripts/build-wasm.mjs
// makes from kernels.wat today, so the bytes that run can never drift from the source that is read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { decodeBase64 } from '../../../core/common/base64';
import { kernelsFmaWasmBase64, kernelsSharedFmaWasmBase64, kernelsSharedWasmBase64, kernelsWasmBase64 } from '../../../core/tensor/wasm/kernels-wasm';
import { fromRoot } from '../../helpers/paths';

interface BuildWasm {
  compileKernels(watText?: string, fma?: boolean, shared?: boolean): Promise<Uint8Array>;
  currentModuleText(): Promise<string>;
}

test('rebuilding kernels.wat with wabt gives the committed kernels-wasm.ts, byte for byte', async () => {
  const build = (await import(pathToFileURL(fromRoot('scripts/build-wasm.mjs')).href)) as BuildWasm;
  assert.deepEqual(decodeBase64(kernelsWasmBase64), await build.compileKernels(), 'the committed base64 decodes to the rebuilt bytes');
  assert.deepEqual(decodeBase64(kernelsFmaWasmBase64), await build.compileKernels(undefined, true), 'the committed FMA base64 decodes to the rebuilt bytes');
  assert.deepEqual(decodeBase64(kernelsSharedWasmBase64), await build.compileKernels(undefined, false, true), 'the committed shared-memory base64 decodes to the rebuilt bytes');
  assert.deepEqual(decodeBase64(kernelsSharedFmaWasmBase64), await build.compileKernels(undefined, true, true), 'the committed shared-memory FMA base64 decodes to the rebuilt bytes');
  assert.equal(readFileSync(fromRoot('core/tensor/wasm/kernels-wasm.ts'), 'utf8'), await build.currentModuleText(), 'kernels-wasm.ts is stale: run npm run build (or node scripts/build-wasm.mjs)');
});

test('the module validates, instantiates synchronously and exports every kernel runtime.ts calls', () => {
  const bytes = decodeBase64(kernelsWasmBase64);
  assert.ok(WebAssembly.validate(bytes));
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), {});
  const names = Object.keys(instance.exports).sort();
  assert.deepEqual(names, ['addBias', 'addBiasActivate', 'addColumnSums', 'addRowSums', 'axpy', 'batchNormBackward', 'batchNormForward', 'batchNormInference', 'col2im', 'fillRows', 'causalSoftmax', 'fillZero', 'gelu', 'geluFast', 'gemm', 'im2col', 'maxPool', 'maxPool2x2', 'maxPoolBackward', 'memory', 'relu', 'reluBackward', 'transpose', 'causalSoftmaxBackward', 'scaleRows', 'transposeRows', 'addScaledRows', 'layerNormForward', 'layerNormBackward', 'crossEntropyRowSums', 'crossEntropyGradient', 'multiply', 'transposeTall', 'causalGemm', 'layerNormForwardRows', 'layerNormBackwardRows', 'im2colStride2', 'im2colNarrow', 'im2colRows', 'col2imNarrow', 'adam', 'col2imStride2'].sort());
});

test('the shared-memory module imports a shared memory and its scratch offset, and exports the same kernels', () => {
  const module = new WebAssembly.Module(decodeBase64(kernelsSharedWasmBase64));
  assert.deepEqual(WebAssembly.Module.imports(module).map((i) => `${i.module}.${i.name}:${i.kind}`), ['env.memory:memory', 'env.scratch:global']);
  const memory = new WebAssembly.Memory({ initial: 1, maximum: 65536, shared: true });
  const instance = new WebAssembly.Instance(module, { env: { memory, scratch: 1024 } });
  assert.equal((instance.exports as { memory: WebAssembly.Memory }).memory, memory);
  assert.equal(WebAssembly.Module.exports(module).length, WebAssembly.Module.exports(new WebAssembly.Module(decodeBase64(kernelsWasmBase64))).length);
});

test('decodeBase64 matches Node’s decoder on every length and padding', () => {
  for (let length = 0; length < 40; length++) {
    const bytes = Uint8Array.from({ length }, (_, i) => (i * 37 + length) & 0xff);
    const text = Buffer.from(bytes).toString('base64');
    assert.deepEqual(decodeBase64(text), bytes, `length ${length}`);
    assert.deepEqual(decodeBase64(text.replace(/=+$/, '')), bytes, `length ${length} unpadded`);
  }
  assert.throws(() => decodeBase64('ab$d'), /invalid character/);
});
