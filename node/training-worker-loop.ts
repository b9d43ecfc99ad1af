import { objectArray } from '../core/common/object-array';
import { runCheckpointToSafetensors, runWeightsToSafetensors } from '../core/export/run-weights';
import { loadSafetensorsInto } from '../core/export/weights';
import { landscapeJob, LatentRecorder, PathRecorder, prepareRun, snapshotOf, workYield, type ControlRequest, type LandscapeData, type TrainEvent, type TrainingRun, type WorkYield } from '../core/train';
import type { Progress, Work } from '../core/inspect';
import { useKernelThreads } from './kernel-threads';
import { isHostToWorker, landscapeShare, maxBatchesPerSecond, type HostToWorker, type StartRun, type WorkerToHost } from '../protocol/worker-messages';
import { NodeFileAccess } from './node-file-access';
import type { PolicyRun } from '../core/rl/policy-run';

/** The side of a MessagePort the loop needs (parentPort in the worker, a fake-free real port in tests). */
export interface Port {
  postMessage(message: WorkerToHost): void;
  on(event: 'message', listener: (message: unknown) => void): void;
}

/** How long one slice of training runs before the loop yields to read messages (stop within a slice). */
const sliceMs = 20;
const flushMs = 1000 / maxBatchesPerSecond;
/** Latent snapshots grow with the run; send them at most this often. */
const latentMs = 500;

interface ActiveRun {
  readonly id: string;
  readonly run: TrainingRun | PolicyRun;
  /** The run's events with yield points between units of epoch-end work (`TrainingRun.work()`). */
  readonly events: Iterator<TrainEvent | WorkYield>;
  /** A latent capture under way: drained, one unit per pull, before the next event (the weights must not move under it). */
  capture: Iterator<WorkYield> | undefined;
  /** A run on data only: a policy run has no samples to project and no data loss to map. */
  readonly latent: LatentRecorder | undefined;
  readonly path: PathRecorder | undefined;
  readonly startedAt: number;
  /** Training time in ms once the run has ended (the race is offered only for quick runs). */
  trainingMs: number | undefined;
  latentPending: boolean;
  lastLatent: number;
  paused: boolean;
  stopRequested: boolean;
  /** Save checkpoint now was reported by the run: sent at the next epoch boundary. */
  checkpointRequested: boolean;
  /** Epochs after which the run pauses itself (successive halving's rungs: StartRun.holdAfter). */
  readonly holdAfter: ReadonlySet<number>;
  /** Rebuilt from stored weights after a reload: its path is θ₀ alone and it has no training to race against. */
  readonly restored?: boolean;
  buffer: TrainEvent[];
  lastFlush: number;
}

type LandscapeRequest = Extract<HostToWorker, { type: 'landscape' }>;

/** A landscape being computed: pulled one loss evaluation (or race step) at a time. */
interface LandscapeTask {
  readonly request: LandscapeRequest;
  readonly work: Work<LandscapeData | undefined>;
  /** The epoch whose weights it maps. */
  readonly epoch: number;
  /** Said with the answer (the race was skipped, the run was still training). */
  readonly notes: readonly string[];
}

/**
 * The training worker: plans the document it is sent (reading data files itself, inside the
 * workspace root), then pulls the run's events in short slices, batching them to the host, and
 * checks for stop/pause between slices. Every failure becomes an `ended` message with a reason.
 */
/** The race retrains the model once per other optimizer; offered when the run took at most this long. */
const raceBudgetMs = 15_000;

export function runTrainingWorker(port: Port): void {
  let active: ActiveRun | undefined;
  /** The last run that ended without failing: its weights and path serve landscape requests. */
  let finished: ActiveRun | undefined;
  const post = (message: WorkerToHost): void => port.postMessage(message);

  const flush = (run: ActiveRun): void => {
    if (run.buffer.length === 0) return;
    post({ type: 'events', runId: run.id, events: run.buffer });
    run.buffer = objectArray<TrainEvent>();
    run.lastFlush = performance.now();
  };

  const sendLatent = (run: ActiveRun): void => {
    if (!run.latentPending || !run.latent) return;
    post({ type: 'latent', runId: run.id, latent: run.latent.snapshot() });
    run.latentPending = false;
    run.lastLatent = performance.now();
  };

  const end = (run: ActiveRun, outcome: 'completed' | 'stopped' | 'failed', message?: string): void => {
    flush(run);
    sendLatent(run);
    if (outcome === 'completed' && run.checkpointRequested) sendCheckpoint(run);
    if (outcome !== 'failed') post({ type: 'weights', runId: run.id, safetensors: runWeightsToSafetensors(run.run) });
    post({ type: 'ended', runId: run.id, outcome, ...(message === undefined ? {} : { message }) });
    run.trainingMs = performance.now() - run.startedAt;
    if (outcome !== 'failed') finished = run;
    if (active === run) active = undefined;
    if (outcome !== 'failed') startWaiting(run, false);
    else for (const request of waiting.filter((r) => r.runId === run.id)) answer(request, { landscape: null, message: `the run failed: ${message ?? 'no reason given'}` });
    waiting = waiting.filter((r) => r.runId !== run.id);
    scheduleLandscapes();
  };

  /** Landscapes under way (first first) and requests about the active run waiting for its next epoch boundary. */
  const tasks: LandscapeTask[] = [];
  let waiting: LandscapeRequest[] = [];
  /** Time spent training and on landscapes since landscapes were last idle (their ratio is held at `landscapeShare`). */
  const budget = { trainingMs: 0, landscapeMs: 0 };
  let landscapeScheduled = false;

  const answer = (request: LandscapeRequest, result: { landscape: LandscapeData | null; message?: string; epoch?: number }): void =>
    post({ type: 'landscape', runId: request.runId, requestId: request.requestId, landscape: result.landscape, ...(result.message === undefined ? {} : { message: result.message }), ...(result.epoch === undefined ? {} : { epoch: result.epoch }) });

  const progressOf = (request: LandscapeRequest) => {
    let lastProgress = 0;
    return (stage: string): Progress => ({
      onProgress: (done, total) => {
        const now = performance.now();
        if (now - lastProgress < 100 && done < total) return;
        lastProgress = now;
        post({ type: 'landscape-progress', runId: request.runId, requestId: request.requestId, done, total, stage });
      },
    });
  };

  /** Starts the landscape of a request on a copy of the run's weights as they stand now. */
  const startTask = (request: LandscapeRequest, run: ActiveRun, training: boolean): void => {
    const trained = run.run;
    if (trained.kind === 'policy') return answer(request, { landscape: null, message: 'a policy run has no data loss to map: the loss landscape is for runs on data' });
    if (!run.path) return answer(request, { landscape: null, message: 'this run recorded only its events (a sweep’s run): it has no optimizer path to map — train it with Train to explore its landscape' });
    const subject = snapshotOf(trained, run.path);
    const spentMs = run.trainingMs ?? performance.now() - run.startedAt;
    const raceSkipped = request.race.length > 0 && (spentMs > raceBudgetMs || run.restored === true);
    const notes = [
      ...(training ? [`computed on the weights after epoch ${subject.epoch} of ${trained.plan.epochs} while the run went on training`] : []),
      ...(run.restored ? ['computed on the run’s stored final weights (restored after a reload: its path is its start and its end, on a random plane)'] : []),
      ...(raceSkipped && !run.restored ? [`the optimizer race was skipped: the run took ${Math.round(spentMs / 1000)} s to train`] : []),
      ...(raceSkipped && run.restored ? ['the optimizer race was skipped: it needs the run’s training, which a restored run does not have'] : []),
    ];
    tasks.push({ request, epoch: subject.epoch, notes, work: landscapeJob(subject, { plane: request.plane, resolution: request.resolution, race: raceSkipped ? [] : request.race }, progressOf(request)) });
    scheduleLandscapes();
  };

  const landscape = (request: LandscapeRequest): void => {
    if (active?.id === request.runId) {
      // Between slices the run stands between two steps; a paused run may stand mid-epoch, and is
      // mapped where it stands. A running one is mapped at its next epoch boundary (a path point).
      if (active.paused || (active.run.kind === 'supervised' && active.run.atEpochBoundary)) return startTask(request, active, true);
      waiting.push(request);
      return;
    }
    if (finished?.id === request.runId) return startTask(request, finished, false);
    answer(request, { landscape: null, message: 'this run’s weights are no longer kept: only the latest finished run can be explored — train again' });
  };

  /** Starts the waiting requests about `run` (at an epoch boundary, or when it ends). */
  const startWaiting = (run: ActiveRun, training: boolean): void => {
    const mine = waiting.filter((request) => request.runId === run.id);
    waiting = waiting.filter((request) => request.runId !== run.id);
    for (const request of mine) startTask(request, run, training);
  };

  const cancelLandscape = (runId: string, requestId: number): void => {
    const same = (request: LandscapeRequest): boolean => request.runId === runId && request.requestId === requestId;
    const dropped = [...waiting.filter(same), ...tasks.filter((task) => same(task.request)).map((task) => task.request)];
    waiting = waiting.filter((request) => !same(request));
    for (let i = tasks.length - 1; i >= 0; i--) if (same(tasks[i]!.request)) tasks.splice(i, 1);
    for (const request of dropped) answer(request, { landscape: null, message: 'cancelled' });
  };

  /** Pulls the first landscape one unit; answers and drops it when it is done. */
  const landscapeUnit = (): void => {
    const task = tasks[0]!;
    const started = performance.now();
    try {
      const next = task.work.next();
      if (next.done) {
        tasks.shift();
        answer(task.request, next.value ? { landscape: next.value, epoch: task.epoch, ...(task.notes.length > 0 ? { message: task.notes.join('; ') } : {}) } : { landscape: null, message: 'cancelled' });
      }
    } catch (error) {
      tasks.shift();
      answer(task.request, { landscape: null, message: `the landscape could not be computed: ${error instanceof Error ? error.message : String(error)}` });
    }
    budget.landscapeMs += performance.now() - started;
  };

  /** While a run trains: landscape units while they have had less than their share of the training's time. */
  const landscapeShareTurn = (trainingMs: number): void => {
    if (tasks.length === 0) return;
    budget.trainingMs += trainingMs;
    while (tasks.length > 0 && budget.landscapeMs < landscapeShare * budget.trainingMs) landscapeUnit();
    if (tasks.length === 0) budget.trainingMs = budget.landscapeMs = 0;
  };

  /** With nothing training, landscapes run in slices of their own (messages are read between them). */
  const scheduleLandscapes = (): void => {
    if (landscapeScheduled || tasks.length === 0) return;
    landscapeScheduled = true;
    setImmediate(() => {
      landscapeScheduled = false;
      if (active && !active.paused) return; // the training slices give them their share
      const until = performance.now() + sliceMs;
      while (tasks.length > 0 && performance.now() < until) landscapeUnit();
      if (tasks.length === 0) budget.trainingMs = budget.landscapeMs = 0;
      scheduleLandscapes();
    });
  };

  const sendCheckpoint = (run: ActiveRun): void => {
    run.checkpointRequested = false;
    if (run.run.kind !== 'supervised') return;
    flush(run);
    post({ type: 'checkpoint', runId: run.id, epoch: run.run.epochs, safetensors: runCheckpointToSafetensors(run.run) });
  };

  /** Pause (asked by the host, or at a rung of `holdAfter`): no slice runs until `resume`. */
  const pause = (run: ActiveRun): void => {
    if (run.paused) return;
    run.paused = true;
    control(run, { action: 'pause' });
    flush(run);
    post({ type: 'paused', runId: run.id, paused: true });
    // Landscapes of a paused run go on at full speed; waiting ones map the weights as they stand.
    startWaiting(run, true);
    scheduleLandscapes();
  };

  /** Hands a change to a run on data (a policy run has no learning-rate schedule or epochs to change). */
  const control = (run: ActiveRun, request: ControlRequest): void => {
    if (run.run.kind === 'supervised') run.run.control(request);
  };

  const slice = (): void => {
    const run = active;
    if (!run || run.paused) return;
    if (run.stopRequested) return end(run, 'stopped');
    const sliceStart = performance.now();
    const until = sliceStart + sliceMs;
    try {
      // One unit of work per turn (a step, a validation chunk, one layer's projection…), so the
      // clock and Stop are looked at within a unit's time, at the end of an epoch too.
      while (performance.now() < until) {
        if (run.capture) {
          if (run.capture.next().done) {
            run.capture = undefined;
            run.latentPending = true;
          }
          continue;
        }
        const next = run.events.next();
        if (next.done) return end(run, 'completed');
        if (next.value === workYield) continue;
        run.buffer.push(next.value);
        if (next.value.type === 'epoch') {
          run.path?.afterEpoch(next.value.epoch);
          if (run.latent?.records(next.value.epoch)) run.capture = run.latent.captureWork(next.value.epoch);
        }
        // Armed where the run reports the request (after every change asked before it), taken at the
        // next epoch boundary, the only place a checkpoint resumes exactly: a health event closes an epoch.
        if (next.value.type === 'control' && next.value.action === 'checkpoint') run.checkpointRequested = true;
        if (run.checkpointRequested && next.value.type === 'health' && run.run.kind === 'supervised' && run.run.atEpochBoundary) sendCheckpoint(run);
        if (next.value.type === 'health' && waiting.length > 0 && run.run.kind === 'supervised' && run.run.atEpochBoundary) startWaiting(run, true);
        if (next.value.type === 'health' && run.run.kind === 'supervised' && run.run.atEpochBoundary && run.holdAfter.has(run.run.epochs)) {
          pause(run);
          return;
        }
        if (next.value.type === 'failed') {
          run.events.return?.();
          return end(run, 'failed', next.value.message);
        }
      }
    } catch (error) {
      return end(run, 'failed', `training stopped on an internal error: ${error instanceof Error ? error.message : String(error)}`);
    }
    landscapeShareTurn(performance.now() - sliceStart);
    if (performance.now() - run.lastFlush >= flushMs) flush(run);
    if (performance.now() - run.lastLatent >= latentMs) sendLatent(run);
    setImmediate(slice);
  };

  /**
   * A run trained before a reload, rebuilt for landscape requests: the prepared run's fresh
   * network is θ₀ (the same seed draws the same initial weights), its path starts there, and the
   * stored final weights are loaded over it. Ends at once, completed, and is kept as `finished`.
   */
  const restore = (runId: string, run: TrainingRun | PolicyRun, weights: Uint8Array): void => {
    const fail = (reason: string): void => post({ type: 'ended', runId, outcome: 'failed', message: reason });
    if (run.kind !== 'supervised') return fail('a policy run has no data loss to map: the loss landscape is for runs on data');
    const path = new PathRecorder(run);
    const loaded = loadSafetensorsInto(run.network, weights);
    if (!loaded.ok) return fail(`the stored weights do not fit the model as it was trained: ${loaded.message}`);
    finished = { id: runId, run, events: [][Symbol.iterator](), capture: undefined, latent: undefined, path, startedAt: performance.now(), trainingMs: 0, latentPending: false, lastLatent: 0, paused: false, stopRequested: false, checkpointRequested: false, holdAfter: new Set(), buffer: [], lastFlush: performance.now(), restored: true };
    post({ type: 'ended', runId, outcome: 'completed' });
  };

  const start = (message: StartRun): void => {
    if (active) {
      post({ type: 'ended', runId: message.runId, outcome: 'failed', message: 'another run is still going in this worker' });
      return;
    }
    const fail = (reason: string): void => post({ type: 'ended', runId: message.runId, outcome: 'failed', message: reason });
    try {
      const prepared = prepareRun(message.text, {
        fileAccess: new NodeFileAccess(message.workspaceRoot),
        documentFolder: message.documentFolder,
        memoryBudget: message.memoryBudget,
        raiseBudget: 'raise the setting dlmodel.training.memoryBudgetMB',
        policyViews: true,
        whereErrorsAre: 'see the Problems panel',
        ...(message.trainName === undefined ? {} : { trainName: message.trainName }),
        ...(message.epochs === undefined ? {} : { epochs: message.epochs }),
        ...(message.seed === undefined ? {} : { seed: message.seed }),
      });
      if (!prepared.ok) return fail(prepared.message);
      useKernelThreads(message.threads ?? 1);
      const { run } = prepared;
      if (message.restoreWeights) return restore(message.runId, run, message.restoreWeights);
      finished = undefined;
      const supervised = run.kind === 'supervised' ? run : undefined;
      // Panel recorders only for a run whose panels are shown (not a sweep's: StartRun.eventsOnly).
      const recorded = message.eventsOnly === true ? undefined : supervised;
      active = { id: message.runId, run, events: supervised ? supervised.work() : run.events(), capture: undefined, latent: recorded && new LatentRecorder(recorded), path: recorded && new PathRecorder(recorded), startedAt: performance.now(), trainingMs: undefined, latentPending: false, lastLatent: 0, paused: false, stopRequested: false, checkpointRequested: false, holdAfter: new Set(message.holdAfter ?? []), buffer: objectArray<TrainEvent>(), lastFlush: performance.now() };
      setImmediate(slice);
    } catch (error) {
      fail(`training could not start: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  /**
   * Decodes points of a kept manifold frame at once: ten decoder passes of one row cost less than
   * a training step, so even a run still training answers between two of its slices.
   */
  const decodeLatent = (request: Extract<HostToWorker, { type: 'decode-latent' }>): void => {
    const run = [active, finished].find((r) => r?.id === request.runId);
    const answer = (decoded: Float32Array | null, message?: string): void => post({ type: 'decoded-latent', runId: request.runId, requestId: request.requestId, decoded, ...(message === undefined ? {} : { message }) });
    if (!run?.latent) return answer(null, 'this run’s weights are no longer kept — train again to decode new points');
    try {
      const decoded = run.latent.decodeManifold(request.epoch, request.points);
      answer(decoded ?? null, decoded ? undefined : `the weights of epoch ${request.epoch} are not kept`);
    } catch (error) {
      answer(null, `the points could not be decoded: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  port.on('message', (raw: unknown) => {
    if (!isHostToWorker(raw)) return;
    const message: HostToWorker = raw;
    if (message.type === 'start') return start(message);
    if (message.type === 'decode-latent') return decodeLatent(message);
    if (message.type === 'landscape') return landscape(message);
    if (message.type === 'cancel-landscape') return cancelLandscape(message.runId, message.requestId);
    const run = active;
    if (!run || run.id !== message.runId) return;
    switch (message.type) {
      case 'stop':
        run.stopRequested = true;
        // A paused run has no slice scheduled: end it now.
        if (run.paused) end(run, 'stopped');
        break;
      case 'set-lr':
        control(run, { action: 'set-lr', lr: message.lr });
        break;
      case 'checkpoint':
        control(run, { action: 'checkpoint' });
        break;
      case 'pause':
        pause(run);
        break;
      case 'resume':
        if (run.paused) {
          run.paused = false;
          control(run, { action: 'resume' });
          post({ type: 'paused', runId: run.id, paused: false });
          setImmediate(slice);
        }
        break;
      default: {
        const unreachable: never = message;
        return unreachable;
      }
    }
  });
}
