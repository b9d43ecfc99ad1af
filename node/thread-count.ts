import { availableParallelism } from 'node:os';

// Apart from node/kernel-threads.ts so the extension host can read the setting without bundling the tensor engine.

/**
 * The default thread count: 1. Issue 17 asked for min(cores, 2) unless two threads measured less
 * than 1.1× one; on this shared 2-core machine (load 18–30) `npm run bench` measured 2 threads at
 * 0.50–0.73× of one on the 784-128-64-10 MLP and 0.66–3.18× (median 0.93×) on the small CNN, so
 * one thread stays the default until an idle machine says otherwise (then return
 * `Math.min(availableParallelism(), 2)` here). `--threads 2` and the setting choose two.
 */
export function defaultKernelThreads(): number {
  return Math.min(1, availableParallelism());
}

/** The thread count a setting or option asks for: 0 (or absent) means the default, `defaultKernelThreads()`. */
export function kernelThreadsSetting(value: number | undefined): number {
  return value === undefined || !Number.isInteger(value) || value < 1 ? defaultKernelThreads() : Math.min(value, 64);
}
