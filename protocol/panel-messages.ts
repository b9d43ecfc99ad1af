import type { TextRange } from '../core/common/range';
import type { TrainEvent } from '../core/train/events';
import type { LandscapeData, LatentData, RunRecord, RunSource, RunSweepTag } from './run-record';
import type { ApplySweepMessage, SetLearningRateMessage, SweepMessage, SweepRevealedMessage } from './sweep-messages';
import type { RaceChoice } from './landscape-race';
import type { SequenceStepRequestMessage, SequenceStepResultMessage } from './sequence-step-messages';
import type { DecodedLatentMessage, DecodeLatentMessage } from './decode-latent-messages';

/**
 * The messages between the extension host and the panel webview. One discriminated union per
 * direction (`type`); every message about a run carries its `runId`, so the webview drops
 * messages for runs it does not know and the host ignores requests about runs it has forgotten.
 *
 * Order: the webview posts `ready` once its script runs; the host queues everything until then.
 */

// ── host → webview ────────────────────────────────────────────────────────────────────────────

/** A run began: the webview adds it (and shows it, unless the user picked another run). */
export interface RunStartedMessage {
  readonly type: 'run-started';
  readonly runId: string;
  readonly label: string;
  readonly source: RunSource | null;
  /** ISO 8601, for display. */
  readonly startedAt: string | null;
  /** A sweep's run: its sweep and row. */
  readonly sweep?: RunSweepTag;
}

/** A batch of a run's events, in order (the host batches steps, e.g. every 100 ms). */
export interface EventsMessage {
  readonly type: 'events';
  readonly runId: string;
  readonly events: readonly TrainEvent[];
}

/**
 * A run's latent-space data. Projections are merged by layer (a layer sent again replaces its
 * earlier projection, e.g. the answer to `select-layer`); the other fields replace earlier ones.
 */
export interface LatentMessage {
  readonly type: 'latent';
  readonly runId: string;
  readonly latent: LatentData;
}

/** A run's loss landscape, or why there is none (`landscape: null` with a message). */
export interface LandscapeMessage {
  readonly type: 'landscape';
  readonly runId: string;
  readonly landscape: LandscapeData | null;
  readonly message?: string;
}

/**
 * Every run the panel shows, at once: sent when a panel is restored or reopened, or to overlay
 * finished runs. Replaces the webview's runs; `selectedRunId` is the run the detail tabs show.
 */
export interface StateMessage {
  readonly type: 'state';
  readonly runs: readonly RunRecord[];
  readonly selectedRunId: string | null;
}

/**
 * "Compute Loss Landscape" from the palette: the panel answers with a `request-landscape` for the
 * run it shows, with the plane and resolution its selectors say (one setting, not two).
 */
export interface ComputeLandscapeMessage {
  readonly type: 'compute-landscape';
}

export type HostToWebviewMessage = RunStartedMessage | EventsMessage | LatentMessage | LandscapeMessage | StateMessage | ComputeLandscapeMessage | SweepMessage | SequenceStepResultMessage | DecodedLatentMessage;

// ── webview → host ────────────────────────────────────────────────────────────────────────────

/** The webview's script runs and listens: the host may send (and flush its queue). */
export interface ReadyMessage {
  readonly type: 'ready';
}

/** Show this source range of the run's file in an editor (a health finding was clicked). */
export interface RevealMessage {
  readonly type: 'reveal';
  readonly runId: string;
  readonly range: TextRange;
}

/** Compute the loss landscape of a run (answered by a `landscape` message). */
export interface RequestLandscapeMessage {
  readonly type: 'request-landscape';
  readonly runId: string;
  /** `random`: filter-normalised random directions; `path`: the optimizer path's principal components. */
  readonly plane: 'random' | 'path';
  /** Grid points per axis. */
  readonly resolution: number;
  /** The optimizers (and rates) to race from the run's start; absent: the default race, empty: none. */
  readonly race?: readonly RaceChoice[];
}

/** Project this layer's activations instead (answered by a `latent` message). */
export interface SelectLayerMessage {
  readonly type: 'select-layer';
  readonly runId: string;
  readonly layer: string;
}

/** The run the panel shows changed (followed a new run, or the user picked one): reports and exports use it. */
export interface SelectRunMessage {
  readonly type: 'select-run';
  readonly runId: string;
}

/** The empty panel's Train button: train the active (or last trained) .dlmodel file. */
export interface TrainMessage {
  readonly type: 'train';
}

export type WebviewToHostMessage = ReadyMessage | RevealMessage | RequestLandscapeMessage | SelectLayerMessage | SelectRunMessage | TrainMessage | ApplySweepMessage | SweepRevealedMessage | SetLearningRateMessage | SequenceStepRequestMessage | DecodeLatentMessage;

/** Limits the guards enforce on messages from the webview. */
export const messageLimits = {
  /** The longest run id or layer name accepted. */
  maxNameLength: 256,
  minResolution: 5,
  maxResolution: 101,
} as const;
