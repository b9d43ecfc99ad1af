import type { RunRecord } from '../../protocol/run-record';

/** A run that is training now in this editor: started, not ended, on data (a policy run takes no set-lr). */
export const isTraining = (run: RunRecord | undefined): run is RunRecord => run !== undefined && run.start !== null && run.end === null && run.episodes === undefined;

/** The learning-rate changes of a run (the `control` events the worker recorded), in order. */
export const learningRateChanges = (run: RunRecord): { readonly step: number; readonly epoch: number; readonly lr: number }[] =>
  (run.controls ?? []).flatMap((c) => (c.action === 'set-lr' && c.lr !== undefined ? [{ step: c.step, epoch: c.epoch, lr: c.lr }] : []));
