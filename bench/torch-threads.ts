/**
 * The environment that pins a PyTorch process to `threads` threads: torch reads OMP_NUM_THREADS at
 * start-up, and OpenBLAS/MKL keep their own pools unless told too. Every bench row that runs
 * PyTorch starts it with this, so that "PyTorch 1t" means the same thing in each.
 */
export function torchThreadsEnv(threads: number): NodeJS.ProcessEnv {
  const n = String(threads);
  return { ...process.env, OMP_NUM_THREADS: n, OPENBLAS_NUM_THREADS: n, MKL_NUM_THREADS: n };
}
