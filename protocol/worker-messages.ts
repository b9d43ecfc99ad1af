/**
 * Messages between the extension host and the training worker (a `worker_threads` Worker running
 * dist/worker.js). Every message about a run carries its `runId`; the worker runs one run at a time.
 */
import type { TrainEvent } from '../core/train/events';
import type { LandscapeData, LatentData } from '../core/train/panel-data';
import { isRaceChoices, type RaceChoice } from './landscape-race';

/** What to train: the document as the editor has it (saved or not) and where its workspace is. */
export interface StartRun {
  readonly type: 'start';
  readonly runId: string;
  readonly text: string;
  /** Absolute path of the workspace folder that holds the document: data paths must stay inside it. */
  readonly workspaceRoot: string;
  /** The document's folder relative to the workspace root, `/`-separated ('' at the root). */
  readonly documentFolder: string;
  readonly trainName?: string;
  readonly epochs?: number;
  readonly seed?: number;
  /** Refuse a run estimated to need more bytes than this. */
  readonly memoryBudget: number;
  /**
   * Restore instead of train: the final weights (safetensors) of a run trained before a reload.
   * The worker prepares the run, loads them and ends it at once (completed), keeping it for
   * landscape requests as it keeps a finished run.
   */
  readonly restoreWeights?: Uint8Array;
  /** Threads for the large kernels (core/tensor's setKernelThreads); absent: 1, today's one thread (a sweep's runs already fill the cores). */
  readonly threads?: number;
  /**
   * Successive halving's rungs: after each of these epochs the worker pauses the run itself (at the
   * epoch boundary, as Pause does, reported with `paused`) until the host resumes or stops it.
   */
  readonly holdAfter?: readonly number[];
  /**
   * Record the run's events only: no panel recorders (the latent space with its PCA, predictions,
   * fit, sequence, filters and manifold; the optimizer path a landscape is drawn on). A sweep's runs
   * ask for this: the Sweep tab and the overlaid curves read only events. Absent: every recorder,
   * as Train's runs have. The events themselves are the same either way.
   */
  readonly eventsOnly?: boolean;
}

/** A rung list: at most 64 whole epochs ≥ 1 (halving's rungs grow geometrically, so 64 is plenty). */
const isRungs = (value: unknown): boolean => Array.isArray(value) && value.length <= 64 && value.every((v) => Number.isSafeInteger(v) && (v as number) >= 1);

export type HostToWorker =
  | StartRun
  | { readonly type: 'stop'; readonly runId: string }
  | { readonly type: 'pause'; readonly runId: string }
  | { readonly type: 'resume'; readonly runId: string }
  /** Sets the learning rate from the next step on (a `control` event in the run's record says where). */
  | { readonly type: 'set-lr'; readonly runId: string; readonly lr: number }
  /** Save checkpoint now: taken at the next epoch boundary (where a checkpoint resumes exactly) and sent as a `checkpoint` message. */
  | { readonly type: 'checkpoint'; readonly runId: string }
  /**
   * Computes the loss landscape of the worker's run: a finished run's weights (kept until the
   * worker is terminated), or for a run still training a copy of its weights at the next epoch
   * boundary, computed between training steps with at most `landscapeShare` of the training's time.
   * `race`: the optimizers to race from the same start (empty: no race).
   */
  | { readonly type: 'landscape'; readonly runId: string; readonly requestId: number; readonly plane: 'random' | 'path'; readonly resolution: number; readonly race: readonly RaceChoice[] }
  /** Drops a landscape request (queued or under way); it is answered with `landscape: null`, 'cancelled'. */
  | { readonly type: 'cancel-landscape'; readonly runId: string; readonly requestId: number }
  /** Decodes points of a kept Latent manifold frame's plane under that epoch's weights (between training steps while the run trains). */
  | { readonly type: 'decode-latent'; readonly runId: string; readonly requestId: number; readonly epoch: number; readonly points: readonly number[] };

export type WorkerToHost =
  /** Events of the run in order, batched (at most `maxBatchesPerSecond` messages a second). */
  | { readonly type: 'events'; readonly runId: string; readonly events: readonly TrainEvent[] }
  | { readonly type: 'paused'; readonly runId: string; readonly paused: boolean }
  /** Everything the latent-space panel needs so far (sent after recorded epochs, at most twice a second, and at the end). */
  | { readonly type: 'latent'; readonly runId: string; readonly latent: LatentData }
  | { readonly type: 'landscape-progress'; readonly runId: string; readonly requestId: number; readonly done: number; readonly total: number; readonly stage: string }
  /** `epoch`: the epoch whose weights it was computed on (the run may have trained on since). */
  | { readonly type: 'landscape'; readonly runId: string; readonly requestId: number; readonly landscape: LandscapeData | null; readonly message?: string; readonly epoch?: number }
  /**
   * The trained weights (safetensors, PyTorch names and layouts) of a run that did not fail, sent
   * just before its `ended` message, so that Export can write the weights of a run that has
   * finished even after another run replaced its worker.
   */
  | { readonly type: 'weights'; readonly runId: string; readonly safetensors: Uint8Array }
  /** A checkpoint asked for (safetensors: the weights and the optimizer state, docs/export.md), after `epoch` epochs. */
  | { readonly type: 'checkpoint'; readonly runId: string; readonly epoch: number; readonly safetensors: Uint8Array }
  /** The answer to `decode-latent`: the decoder's outputs row after row, or why there are none. */
  | { readonly type: 'decoded-latent'; readonly runId: string; readonly requestId: number; readonly decoded: Float32Array | null; readonly message?: string }
  /** The run ended: completed, stopped on request, or failed with a message a person can act on. */
  | { readonly type: 'ended'; readonly runId: string; readonly outcome: 'completed' | 'stopped' | 'failed'; readonly message?: string };

/**
 * A landscape computed while its run trains gets at most this share of the training's time (the
 * rest of each turn is training's), so training slows by at most about 1 / (1 + share).
 */
export const landscapeShare = 0.1;

/** The worker flushes its event buffer at most this often. */
export const maxBatchesPerSecond = 20;

/** True for a message the host may have sent (the worker checks before acting). */
export function isHostToWorker(value: unknown): value is HostToWorker {
  if (typeof value !== 'object' || value === null) return false;
  const message = value as Record<string, unknown>;
  if (typeof message.runId !== 'string') return false;
  switch (message.type) {
    case 'stop':
    case 'pause':
    case 'resume':
    case 'checkpoint':
      return true;
    case 'set-lr':
      return typeof message.lr === 'number' && Number.isFinite(message.lr) && message.lr > 0;
    case 'landscape':
      return typeof message.requestId === 'number' && (message.plane === 'random' || message.plane === 'path') && Number.isInteger(message.resolution) && (message.resolution as number) >= 5 && (message.resolution as number) <= 101 && isRaceChoices(message.race);
    case 'cancel-landscape':
      return typeof message.requestId === 'number';
    case 'decode-latent':
      return typeof message.requestId === 'number' && Number.isInteger(message.epoch) && Array.isArray(message.points) && message.points.length % 2 === 0 && message.points.every((v) => typeof v === 'number' && Number.isFinite(v));
    case 'start':
      return typeof message.text === 'string' && typeof message.workspaceRoot === 'string' && typeof message.documentFolder === 'string' && typeof message.memoryBudget === 'number' && (message.threads === undefined || (Number.isInteger(message.threads) && (message.threads as number) >= 1 && (message.threads as number) <= 64)) && (message.restoreWeights === undefined || message.restoreWeights instanceof Uint8Array) && (message.holdAfter === undefined || isRungs(message.holdAfter)) && (message.eventsOnly === undefined || typeof message.eventsOnly === 'boolean');
    default:
      return false;
  }
}
