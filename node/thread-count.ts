import { availableParallelism } from 'node:os';

// Apart from node/kernel-threads.ts so the extension host can read the setting without bundling the tensor engine.

/** The default thread count: both cores of a two-core machine, never more than 2 (the split's gain falls off, and editors share the machine). */
export function defaultKernelThreads(): number {
  return Math.max(1, Math.min(availableParallelism(), 2));
}

/** The thread count a setting or option asks for: 0 (or absent) means the default, `defaultKernelThreads()`. */
export function kernelThreadsSetting(value: number | undefined): number {
  return value === undefined || !Number.isInteger(value) || value < 1 ? defaultKernelThreads() : Math.min(value, 64);
}
