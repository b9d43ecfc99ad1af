import type { BackpropTrace, TraceIteration } from '../../core/inspect/backprop';

/**
 * Where the walk through one training step stands: before anything ran, after forward step k,
 * after backward step k, or after the optimizer's update. Pure: the view draws from it.
 */
export type Phase = 'start' | 'forward' | 'backward' | 'update';

export interface Cursor {
  readonly optimizer: number;
  readonly iteration: number;
  readonly phase: Phase;
  /** The last step done within the phase (forward and backward); 0 otherwise. */
  readonly index: number;
}

export const startCursor = (optimizer = 0): Cursor => ({ optimizer, iteration: 0, phase: 'start', index: 0 });

export function iterationOf(trace: BackpropTrace, cursor: Cursor): TraceIteration {
  return trace.optimizers[cursor.optimizer]!.iterations[cursor.iteration]!;
}

/** One forward step: the next op's values (from the start, the first). */
export function forward(trace: BackpropTrace, cursor: Cursor): Cursor {
  const steps = iterationOf(trace, cursor).forward.length;
  if (cursor.phase === 'start') return { ...cursor, phase: 'forward', index: 0 };
  if (cursor.phase === 'forward' && cursor.index < steps - 1) return { ...cursor, index: cursor.index + 1 };
  return cursor;
}

/** One backward step; an unfinished forward pass is completed first. */
export function backward(trace: BackpropTrace, cursor: Cursor): Cursor {
  const iteration = iterationOf(trace, cursor);
  const lastForward = iteration.forward.length - 1;
  if (cursor.phase === 'start' || (cursor.phase === 'forward' && cursor.index < lastForward)) return { ...cursor, phase: 'forward', index: lastForward };
  if (cursor.phase === 'forward') return { ...cursor, phase: 'backward', index: 0 };
  if (cursor.phase === 'backward' && cursor.index < iteration.backward.length - 1) return { ...cursor, index: cursor.index + 1 };
  return cursor;
}

/** The whole backward pass (and the forward pass before it). */
export function finishBackward(trace: BackpropTrace, cursor: Cursor): Cursor {
  if (cursor.phase === 'update') return cursor;
  return { ...cursor, phase: 'backward', index: iterationOf(trace, cursor).backward.length - 1 };
}

/** The optimizer's update once the backward pass is done (finishing it first); from an update, the next iteration's start. */
export function step(trace: BackpropTrace, cursor: Cursor): Cursor {
  if (cursor.phase === 'update') {
    const iterations = trace.optimizers[cursor.optimizer]!.iterations.length;
    return cursor.iteration < iterations - 1 ? { ...cursor, iteration: cursor.iteration + 1, phase: 'start', index: 0 } : cursor;
  }
  const lastBackward = iterationOf(trace, cursor).backward.length - 1;
  return cursor.phase === 'backward' && cursor.index === lastBackward ? { ...cursor, phase: 'update', index: 0 } : finishBackward(trace, cursor);
}

/** Which tensors have their values: leaves always, computed ones once their forward step ran. */
export function valueShown(trace: BackpropTrace, cursor: Cursor, tensor: number): boolean {
  const info = trace.tensors[tensor]!;
  if (info.role !== 'value' && info.role !== 'loss') return true;
  if (cursor.phase === 'start') return false;
  if (cursor.phase !== 'forward') return true;
  const position = iterationOf(trace, cursor).forward.findIndex((s) => s.tensor === tensor);
  return position >= 0 && position <= cursor.index;
}

/** Each scalar's gradient so far (the engine's value after the last step done that reached it), or undefined. */
export function gradientsSoFar(trace: BackpropTrace, cursor: Cursor): Map<number, number> {
  const gradients = new Map<number, number>();
  if (cursor.phase !== 'backward' && cursor.phase !== 'update') return gradients;
  const lossScalar = trace.tensors.find((t) => t.role === 'loss')!.firstScalar;
  gradients.set(lossScalar, 1);
  const steps = iterationOf(trace, cursor).backward;
  const last = cursor.phase === 'update' ? steps.length - 1 : cursor.index;
  for (let k = 0; k <= last; k++) gradients.set(steps[k]!.scalar, steps[k]!.after);
  return gradients;
}
