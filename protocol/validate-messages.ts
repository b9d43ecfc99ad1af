import { messageLimits } from './panel-messages';
import { isRaceChoices } from './landscape-race';
import type {
  EventsMessage,
  HostToWebviewMessage,
  LandscapeMessage,
  LatentMessage,
  ComputeLandscapeMessage,
  ReadyMessage,
  RequestLandscapeMessage,
  RevealMessage,
  RunStartedMessage,
  SelectLayerMessage,
  SelectRunMessage,
  StateMessage,
  TrainMessage,
  WebviewToHostMessage,
} from './panel-messages';
import { isTextRange, isTrainEvent } from './validate-events';
import { isSequenceStepRequestMessage, isSequenceStepResultMessage } from './sequence-step-messages';
import { isDecodedLatentMessage, isDecodeLatentMessage } from './decode-latent-messages';
import { isApplySweepMessage, isSetLearningRateMessage, isSweepMessage, isSweepRevealedMessage } from './sweep-messages';
import { isLandscapeData, isLatentData, isRunRecord, isRunSweepTag } from './validate-run-record';
import { arrayOf, byType, integerIn, isCount, isString, literal, nullable, objectOf, oneOfValues, stringUpTo, type Guard, type Guarded, type SameShape } from './validate';

/**
 * Runtime guards for the panel messages. The host must pass every message from the webview
 * through `isWebviewToHostMessage` before reading it (a webview is a web page: treat what it says
 * as input). The webview checks what the host sends with `isHostToWebviewMessage`, so a bug on one
 * side shows as a dropped message, not a broken panel.
 */

const name = stringUpTo(messageLimits.maxNameLength);

const isReady = objectOf({ type: literal('ready') });
const isReveal = objectOf({ type: literal('reveal'), runId: name, range: isTextRange });
const isRequestLandscape = objectOf({
  type: literal('request-landscape'),
  runId: name,
  plane: oneOfValues('random', 'path'),
  resolution: integerIn(messageLimits.minResolution, messageLimits.maxResolution),
}, { race: isRaceChoices });
const isSelectLayer = objectOf({ type: literal('select-layer'), runId: name, layer: name });
const isSelectRun = objectOf({ type: literal('select-run'), runId: name });
const isTrain = objectOf({ type: literal('train') });

/** True for a well-formed message from the webview (exact keys, bounded strings and numbers). */
export const isWebviewToHostMessage: Guard<WebviewToHostMessage> = byType({
  ready: isReady,
  reveal: isReveal,
  'request-landscape': isRequestLandscape,
  'select-layer': isSelectLayer,
  'select-run': isSelectRun,
  train: isTrain,
  'apply-sweep': isApplySweepMessage,
  'sweep-revealed': isSweepRevealedMessage,
  'set-lr': isSetLearningRateMessage,
  'sequence-step': isSequenceStepRequestMessage,
  'decode-latent': isDecodeLatentMessage,
});

const isRunStarted = objectOf({ type: literal('run-started'), runId: isString, label: isString, source: nullable(objectOf({ path: isString, lineStarts: arrayOf(isCount) })), startedAt: nullable(isString) }, { sweep: isRunSweepTag });
const isEvents = objectOf({ type: literal('events'), runId: isString, events: arrayOf(isTrainEvent) });
const isLatent = objectOf({ type: literal('latent'), runId: isString, latent: isLatentData });
const isLandscape = objectOf({ type: literal('landscape'), runId: isString, landscape: nullable(isLandscapeData) }, { message: isString });
const isState = objectOf({ type: literal('state'), runs: arrayOf(isRunRecord), selectedRunId: nullable(isString) });
const isComputeLandscape = objectOf({ type: literal('compute-landscape') });

/** True for a well-formed message from the host. */
export const isHostToWebviewMessage: Guard<HostToWebviewMessage> = byType({
  'run-started': isRunStarted,
  events: isEvents,
  latent: isLatent,
  landscape: isLandscape,
  state: isState,
  'compute-landscape': isComputeLandscape,
  sweep: isSweepMessage,
  'sequence-step-result': isSequenceStepResultMessage,
  'decoded-latent': isDecodedLatentMessage,
});

// Compile-time: each guard proves exactly its interface.
const _ready: SameShape<Guarded<typeof isReady>, ReadyMessage> = true;
const _reveal: SameShape<Guarded<typeof isReveal>, RevealMessage> = true;
const _request: SameShape<Guarded<typeof isRequestLandscape>, RequestLandscapeMessage> = true;
const _select: SameShape<Guarded<typeof isSelectLayer>, SelectLayerMessage> = true;
const _started: SameShape<Guarded<typeof isRunStarted>, RunStartedMessage> = true;
const _events: SameShape<Guarded<typeof isEvents>, EventsMessage> = true;
const _latent: SameShape<Guarded<typeof isLatent>, LatentMessage> = true;
const _landscape: SameShape<Guarded<typeof isLandscape>, LandscapeMessage> = true;
const _state: SameShape<Guarded<typeof isState>, StateMessage> = true;
const _selectRun: SameShape<Guarded<typeof isSelectRun>, SelectRunMessage> = true;
const _train: SameShape<Guarded<typeof isTrain>, TrainMessage> = true;
const _compute: SameShape<Guarded<typeof isComputeLandscape>, ComputeLandscapeMessage> = true;
void [_ready, _reveal, _request, _select, _started, _events, _latent, _landscape, _state, _selectRun, _train, _compute];
