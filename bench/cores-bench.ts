// What the machine's second CPU adds (issue 17): the same program run in one process, then in two
// processes at once. On the bench VM a scalar, latency-bound loop always doubles, while a vector gemm
// gained between 1.0× and 2.1× from the second CPU from one run to the next (as if the host placed the
// two vCPUs sometimes on one core's two hardware threads, sometimes on two cores). Every 2-thread
// figure (ours 2t, PyTorch 2t, a sweep on 2 workers) reads differently with this beside it.
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { enableRelaxedSimd } from '../node/wasm-features';
import * as t from '../core/tensor';

type Kind = 'gemm' | 'scalar';
/** How long each timed measurement runs. */
const measuredSeconds = 2;
/** Untimed warm-up first: WebAssembly starts in its baseline compiler and tiers up to optimised code. */
const warmUpSeconds = 0.5;

/** Work units per second of wall time, over `measuredSeconds` (each process has a CPU to itself when the machine is quiet). */
function rate(kind: Kind): number {
  if (kind === 'gemm') measure(kind, warmUpSeconds);
  return measure(kind, measuredSeconds);
}

function measure(kind: Kind, seconds: number): number {
  const started = performance.now();
  let units = 0;
  if (kind === 'gemm') {
    const n = 256;
    const a = t.tensor(Float32Array.from({ length: n * n }, (_, i) => Math.sin(i)), [n, n]);
    const b = t.tensor(Float32Array.from({ length: n * n }, (_, i) => Math.cos(i)), [n, n]);
    while (performance.now() - started < seconds * 1000) {
      t.matmul(a, b);
      units += (2 * n * n * n) / 1e9;
    }
  } else {
    let x = 1.0001;
    let y = 0.5;
    while (performance.now() - started < seconds * 1000) {
      for (let i = 0; i < 1e6; i++) {
        y = y * x + 1e-9;
        x = x * 0.9999999 + 1e-7;
      }
      units += 1;
    }
    if (!(y > 0)) units = 0;
  }
  return units / ((performance.now() - started) / 1000);
}

function child(kind: Kind): Promise<number> {
  return new Promise((resolve, reject) => {
    const process_ = spawn(process.execPath, [__filename, '--child', kind], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    process_.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    process_.on('exit', (code) => (code === 0 ? resolve(Number(out.trim())) : reject(new Error(`cores-bench child ${kind} exited with ${code}`))));
  });
}

export interface CoresRow {
  readonly kind: Kind;
  readonly alone: number;
  readonly together: readonly [number, number];
}

export async function runCoresBench(): Promise<{ rows: CoresRow[]; load: number }> {
  const load = loadavg()[0]!;
  const rows: CoresRow[] = [];
  for (const kind of ['gemm', 'scalar'] as const) {
    const alone = await child(kind);
    const together: [number, number] = [0, 0];
    [together[0], together[1]] = await Promise.all([child(kind), child(kind)]);
    rows.push({ kind, alone, together });
  }
  return { rows, load };
}

export function printCoresBench(result: { rows: CoresRow[]; load: number }): number {
  console.log(`\nwhat a second core adds (one process, then two at once; load average ${result.load.toFixed(2)})   alone      each of two        two ÷ one`);
  const names: Record<Kind, string> = { gemm: 'SIMD gemm 256³ (GFLOP/s)', scalar: 'scalar latency-bound loop (M iterations/s)' };
  for (const row of result.rows) {
    const total = row.together[0] + row.together[1];
    console.log(`${names[row.kind].padEnd(88)} ${row.alone.toFixed(1).padStart(7)}   ${row.together.map((v) => v.toFixed(1)).join(' and ').padStart(15)}   ${(total / row.alone).toFixed(2).padStart(8)}×`);
  }
  console.log('two ÷ one for the gemm: the vector throughput the second CPU adds now (near 1: the two share one core\'s vector units, and threads cannot speed up SIMD-bound work)');
  return 0;
}

if (require.main === module) {
  const kindIndex = process.argv.indexOf('--child');
  if (kindIndex >= 0) {
    enableRelaxedSimd();
    process.stdout.write(`${rate(process.argv[kindIndex + 1] as Kind)}\n`);
  } else {
    void runCoresBench().then(printCoresBench);
  }
}
