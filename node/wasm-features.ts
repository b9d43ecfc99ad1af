import { setFlagsFromString } from 'node:v8';

/**
 * Lets this process compile relaxed SIMD, so the tensor engine's FMA kernels run
 * (core/tensor/wasm/runtime.ts picks them when they validate). Node 20 has relaxed SIMD behind
 * `--experimental-wasm-relaxed-simd`; V8 reads wasm feature flags when a module is validated and
 * compiled, and the engine compiles its kernels lazily on first use, so setting the flag at start-up
 * is enough. Electron's V8 (VS Code) and newer Nodes have it on already, where this changes nothing.
 * Call it before the first tensor op (the CLI's and the training worker's entry points do).
 */
export function enableRelaxedSimd(): void {
  try {
    setFlagsFromString('--experimental-wasm-relaxed-simd');
  } catch {
    // An unknown flag is ignored by V8; a throw here only means the SIMD128 kernels run.
  }
}
