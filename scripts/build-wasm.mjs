// Compiles the WebAssembly kernels of the tensor engine: core/tensor/wasm/kernels.wat (hand-written
// WAT) → core/tensor/wasm/kernels-wasm.ts, the bytes as base64 in a TypeScript module, so core/
// stays free of Node and DOM imports and bundles into every runtime. The generated file is
// committed; test/core/tensor/wasm-build.test.ts rebuilds it and compares, so the two never drift.
// Usage: node scripts/build-wasm.mjs [--check]   (--check: exit 1 if the committed file is stale)
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import wabtFactory from 'wabt';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const watPath = join(root, 'core/tensor/wasm/kernels.wat');
export const modulePath = join(root, 'core/tensor/wasm/kernels-wasm.ts');

/**
 * The FMA variant of kernels.wat: the gemm's eight multiply-adds `c += x·b` become
 * `f32x4.relaxed_madd` (relaxed SIMD), and $geluFast's polynomial steps `f64x2.relaxed_madd`
 * (`fusedGeluFast`), everything else unchanged. Derived here rather than written
 * twice, so the two kernels cannot drift apart; the count check fails the build if the .wat's
 * inner loop changes shape.
 */
export function fmaWat(watText) {
  const multiplyAdd = /\(f32x4\.add \(local\.get (\$c\d\d)\) \(f32x4\.mul \(local\.get \$x\) \(local\.get (\$b\d)\)\)\)/g;
  let count = 0;
  const text = watText.replace(multiplyAdd, (_, accumulator, b) => {
    count++;
    return `(f32x4.relaxed_madd (local.get $x) (local.get ${b}) (local.get ${accumulator}))`;
  });
  if (count !== 8) throw new Error(`build-wasm: expected the gemm's 8 multiply-adds in kernels.wat, found ${count}`);
  return fusedGeluFast(text);
}

/**
 * $geluFast's 42 polynomial steps `p·u + c` (f64x2, the exponential's and Mills' ratio's Horner
 * steps) as `f64x2.relaxed_madd`: ~15 % faster, and the same bits, fused or not, because
 * $geluFast keeps a float32 only where the float64 value ± 3e-11 rounds to it, and a fused step
 * moves that value by ~1e-16 (scripts/check-gelu-exhaustive.mjs checks every input).
 */
function fusedGeluFast(text) {
  const start = text.indexOf('(func $geluFast ');
  const end = text.indexOf('\n  (func ', start);
  const operand = String.raw`(\((?:local|global)\.get \$\w+\))`;
  const step = new RegExp(String.raw`\(f64x2\.add \(f64x2\.mul ${operand} ${operand}\) ${operand}\)`, 'g');
  let count = 0;
  const body = text.slice(start, end).replace(step, (_, a, b, c) => {
    count++;
    return `(f64x2.relaxed_madd ${a} ${b} ${c})`;
  });
  if (start < 0 || end < 0 || count !== 42) throw new Error(`build-wasm: expected $geluFast's 42 polynomial steps in kernels.wat, found ${count}`);
  return text.slice(0, start) + body + text.slice(end);
}

/**
 * The shared-memory variant of kernels.wat (for kernel threads, core/tensor/wasm/threads.ts): the
 * memory is imported, shared, with a maximum (shared memories need one; 65536 pages = 4 GiB, what
 * the own memory could grow to), and still exported, so the runtime's arena reads it the same
 * way; the scratch offset is imported, so each thread's instance spills its tiles to its own bytes.
 * Only those two declarations change: the kernels are the same code.
 */
export function sharedWat(watText) {
  const memory = '(memory (export "memory") 1)';
  const scratch = '(global $scratch i32 (i32.const 0))';
  if (watText.split(memory).length !== 2 || watText.split(scratch).length !== 2) {
    throw new Error('build-wasm: expected one memory and one $scratch declaration in kernels.wat');
  }
  return watText
    .replace(memory, '(import "env" "memory" (memory $memory 1 65536 shared)) (export "memory" (memory $memory))')
    .replace(scratch, '(import "env" "scratch" (global $scratch i32))');
}

/**
 * The wasm bytes of kernels.wat (wabt, SIMD and bulk memory, no debug names: deterministic); `fma`
 * compiles fmaWat of it, `shared` sharedWat of that.
 */
export async function compileKernels(watText = readFileSync(watPath, 'utf8'), fma = false, shared = false) {
  const wabt = await wabtFactory();
  const fused = fma ? fmaWat(watText) : watText;
  const text = shared ? sharedWat(fused) : fused;
  const features = { simd: true, bulk_memory: true, relaxed_simd: fma, threads: shared };
  const parsed = wabt.parseWat('kernels.wat', text, features);
  try {
    parsed.resolveNames();
    parsed.validate(features);
    return Uint8Array.from(parsed.toBinary({ log: false, write_debug_names: false }).buffer);
  } finally {
    parsed.destroy();
  }
}

function base64Constant(name, bytes) {
  const lines = Buffer.from(bytes).toString('base64').match(/.{1,100}/g) ?? [];
  return [`export const ${name} =`, lines.map((line, i) => `  '${line}'${i === lines.length - 1 ? ';' : ' +'}`).join('\n')];
}

/** The text of kernels-wasm.ts for the given bytes (SIMD128, the FMA variant, and both on a shared memory). */
export function moduleText(bytes, fmaBytes, sharedBytes, sharedFmaBytes) {
  return [
    '// GENERATED by scripts/build-wasm.mjs from kernels.wat — do not edit; run `npm run build`.',
    `/** The ${bytes.length} bytes of kernels.wat compiled by wabt, as base64. */`,
    ...base64Constant('kernelsWasmBase64', bytes),
    `/** The ${fmaBytes.length} bytes of its FMA variant (the gemm in f32x4.relaxed_madd; needs relaxed SIMD), as base64. */`,
    ...base64Constant('kernelsFmaWasmBase64', fmaBytes),
    `/** The ${sharedBytes.length} bytes of the shared-memory variant (imports a shared memory and its scratch offset; kernel threads), as base64. */`,
    ...base64Constant('kernelsSharedWasmBase64', sharedBytes),
    `/** The ${sharedFmaBytes.length} bytes of the shared-memory FMA variant, as base64. */`,
    ...base64Constant('kernelsSharedFmaWasmBase64', sharedFmaBytes),
    '',
  ].join('\n');
}

/** kernels-wasm.ts as the .wat compiles today. */
export async function currentModuleText() {
  return moduleText(await compileKernels(), await compileKernels(undefined, true), await compileKernels(undefined, false, true), await compileKernels(undefined, true, true));
}

/** Rewrites kernels-wasm.ts when kernels.wat compiles to different bytes; returns whether it changed. */
export async function buildWasm() {
  const text = await currentModuleText();
  let current = '';
  try {
    current = readFileSync(modulePath, 'utf8');
  } catch {
    // first build
  }
  if (current === text) return false;
  writeFileSync(modulePath, text);
  console.log('build: wasm kernels: core/tensor/wasm/kernels-wasm.ts rewritten from kernels.wat');
  return true;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (process.argv.includes('--check')) {
    const text = await currentModuleText();
    if (readFileSync(modulePath, 'utf8') !== text) {
      console.error('build-wasm: core/tensor/wasm/kernels-wasm.ts is stale; run node scripts/build-wasm.mjs');
      process.exit(1);
    }
  } else {
    await buildWasm();
  }
}
