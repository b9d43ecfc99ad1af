import { Worker } from 'node:worker_threads';
import { kernelThreadCount, setKernelThreads, type KernelThreadHost, type KernelThreadSetup } from '../core/tensor';

/**
 * Kernel threads on worker_threads: each runs core's kernel-thread source (evaluated, so no extra
 * bundle has to ship beside the CLI, the training worker or the tests) on the shared memory. The
 * workers are unref'd: they never keep a process alive, and they block in Atomics.wait between
 * rounds, so they cost no CPU while the engine runs on one thread.
 */
export class WorkerKernelThreadHost implements KernelThreadHost {
  private readonly workers: Worker[] = [];

  start(source: string, setup: KernelThreadSetup): void {
    const code = `${source}(require('node:worker_threads').workerData);`;
    const worker = new Worker(code, { eval: true, workerData: setup });
    worker.unref();
    this.workers.push(worker);
  }

  stop(): void {
    for (const worker of this.workers.splice(0)) void worker.terminate();
  }
}

/**
 * Runs the tensor engine's large kernels on `threads` threads in this process (1: today's one
 * thread). Returns the count in force: 1 where shared memory or WebAssembly SIMD is missing.
 */
export function useKernelThreads(threads: number): number {
  // The threads already running serve the next run as well (a new start costs a worker's boot).
  if (threads > 1 && kernelThreadCount() === threads) return threads;
  return setKernelThreads(threads, threads > 1 ? new WorkerKernelThreadHost() : undefined);
}
