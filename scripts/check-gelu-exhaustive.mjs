// Usage (after `npm run build`): node scripts/check-gelu-exhaustive.mjs [first last]
//
// GELU's WebAssembly kernel against the reference loop on EVERY float32 input (all 2³² bit
// patterns, or those from `first` to `last`, hexadecimal): the output and the derivative must be
// the same bits. kernels.wat's $geluFast keeps a cheaper float64 evaluation wherever its float32
// rounding is certain and falls back to $gelu (the reference's operations) elsewhere; that the
// two give the reference's bits everywhere is what this checks, which no sample of inputs can.
// Run it after changing $geluFast, $gelu or geluWithDerivative (~10 minutes of one core).
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const out = join(dirname(new URL(import.meta.url).pathname), '..', 'out');
const t = require(join(out, 'core/tensor'));
const { geluWithDerivative } = require(join(out, 'core/tensor/kernels/activation-math'));
const { geluForward } = require(join(out, 'core/tensor/kernels/gelu'));

const first = process.argv[2] === undefined ? 0 : parseInt(process.argv[2], 16);
const last = process.argv[3] === undefined ? 0xffffffff : parseInt(process.argv[3], 16);
const chunk = 1 << 22;
const bits = new Uint32Array(chunk);
const x = new Float32Array(bits.buffer);
const [out1, derivative1, out2, derivative2] = [0, 1, 2, 3].map(() => new Float32Array(chunk));
const [o1, d1, o2, d2] = [out1, derivative1, out2, derivative2].map((a) => new Uint32Array(a.buffer));
t.setKernelBackend('fast', { elementwise: 0 });
let mismatches = 0;
const started = Date.now();
for (let start = first; start <= last; start += chunk) {
  const count = Math.min(chunk, last - start + 1);
  for (let i = 0; i < count; i++) bits[i] = start + i;
  const input = x.subarray(0, count);
  geluWithDerivative(input, out1.subarray(0, count), derivative1.subarray(0, count));
  geluForward(input, out2.subarray(0, count), derivative2.subarray(0, count));
  for (let i = 0; i < count; i++) {
    // NaN inputs give NaN either way; their payload bits are not GELU's concern.
    if (Number.isNaN(x[i])) continue;
    if (o1[i] !== o2[i] || d1[i] !== d2[i]) {
      if (++mismatches <= 20) console.log(`x = ${x[i]} (0x${bits[i].toString(16)}): GELU ${out1[i]} vs ${out2[i]}, derivative ${derivative1[i]} vs ${derivative2[i]}`);
    }
  }
  if (((start - first) / chunk) % 64 === 63) console.log(`… 0x${(start + count - 1).toString(16)} (${((Date.now() - started) / 1000).toFixed(0)} s, ${mismatches} mismatches)`);
}
console.log(mismatches === 0 ? `GELU: the same bits on every input from 0x${first.toString(16)} to 0x${last.toString(16)}` : `GELU: ${mismatches} mismatches`);
process.exitCode = mismatches === 0 ? 0 : 1;
