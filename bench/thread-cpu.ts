// CPU time of this process's threads, read from /proc/self/task (Linux; undefined elsewhere): the
// split of a pool's CPU between its lanes, V8's helper threads and the host (bench/sweep-bench.ts).
import { readdirSync, readFileSync } from 'node:fs';

/** CPU ms of each live thread of this process, by thread id; undefined where /proc is missing. */
export function threadCpuMs(): Map<number, number> | undefined {
  let tids: string[];
  try {
    tids = readdirSync('/proc/self/task');
  } catch {
    return undefined;
  }
  const msPerTick = 10; // USER_HZ is 100 on every Linux Node runs on
  const cpu = new Map<number, number>();
  for (const tid of tids) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      // Fields after the command (which may hold spaces): state is the 1st, utime the 12th, stime the 13th.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      cpu.set(Number(tid), (Number(fields[11]) + Number(fields[12])) * msPerTick);
    } catch {
      // The thread exited between the listing and the read.
    }
  }
  return cpu;
}

/** Where a stretch's CPU went, in ms. */
export interface CpuSplit {
  /** The main thread (the host: the pool, the messages from the lanes). */
  readonly host: number;
  /** The threads that were running before the stretch began, besides the main thread: V8's platform threads (optimising compiler, GC helpers) and libuv's. */
  readonly background: number;
  /** The rest of the process's CPU: the threads started during the stretch (the lanes' worker threads, alive or exited). */
  readonly started: number;
}

/**
 * The CPU split of `totalMs` (process.cpuUsage over the stretch, exited threads included) between
 * the threads alive in `before` and the ones started since; undefined without /proc.
 */
export function cpuSplit(before: Map<number, number> | undefined, after: Map<number, number> | undefined, totalMs: number): CpuSplit | undefined {
  if (!before || !after) return undefined;
  let host = 0;
  let background = 0;
  for (const [tid, ms] of before) {
    const spent = (after.get(tid) ?? ms) - ms;
    if (tid === process.pid) host += spent;
    else background += spent;
  }
  return { host, background, started: Math.max(0, totalMs - host - background) };
}
