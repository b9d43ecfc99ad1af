import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { formatBytes } from '../core/common/format';
import { LineIndex } from '../core/common/line-index';
import { prepareRun, type ControlEvent, type DoneEvent, type EpochEvent, type PreparedRun, type TrainEvent } from '../core/train';
import { episodeLine, PolicyProgress, policyDoneLine } from './policy-lines';
import { loadRunWeights, readTrainingState, runCheckpointToSafetensors, runWeightsToSafetensors } from '../core/export';
import { documentFolderOf, NodeFileAccess } from '../node/node-file-access';
import { readFailure, readRegularFile } from '../node/regular-file';
import { ansiStyle, plainStyle, renderDiagnostic } from './check-report';
import { ModelFileError, readModelFile } from './model-file';
import type { Output } from './output';
import { ProgressBar, formatDuration } from './progress-bar';
import { errorLine, TrainJsonWriter } from './train-json';
import { TrainReport } from './train-report';
import { controlFeeder, readReplayRecord, type ReplayPlan } from './replay-record';

export interface TrainArguments {
  readonly file: string;
  readonly train?: string;
  readonly epochs?: number;
  /** Overrides a policy block's episodes. */
  readonly episodes?: number;
  readonly seed?: number;
  readonly json: boolean;
  readonly root: string;
  /** The memory budget in bytes; a run estimated to need more is refused before it starts. */
  readonly memoryBudget: number;
  /** Where to write the self-contained HTML report (any path the user gives: it is their command line). */
  readonly report?: string;
  /** Write the trained weights here (safetensors). */
  readonly save?: string;
  /** Start from these weights (safetensors) instead of the seed's. */
  readonly init?: string;
  /** Rerun this record (JSON lines of `train --json` with control lines): its seed, epochs and changes. */
  readonly replay?: string;
  /** The folder holding webview.js and webview.css (the CLI bundle's own dist/). */
  readonly assetsFolder?: string;
}

/** The clock the CLI reads; core keeps none. */
const now = (): number => performance.now();

const percent = (value: number | null): string => (value === null ? '' : `${(value * 100).toFixed(1)}%`);
const lossText = (value: number | null): string => (value === null ? '—' : value < 1e-3 ? value.toExponential(3) : value.toFixed(4));

/** One line per epoch for a log or a pipe. */
function epochLine(event: EpochEvent, seconds: number): string {
  const width = String(event.epochs).length;
  const parts = [`epoch ${String(event.epoch).padStart(width)}/${event.epochs}`, `loss ${lossText(event.loss)}`];
  if (event.accuracy !== null) parts.push(`acc ${percent(event.accuracy)}`);
  if (event.valLoss !== null) parts.push(`val_loss ${lossText(event.valLoss)}`);
  if (event.valAccuracy !== null) parts.push(`val_acc ${percent(event.valAccuracy)}`);
  parts.push(`lr ${Number(event.lr.toPrecision(3))}`, `${seconds.toFixed(1)}s`);
  return parts.join('  ');
}

/** The summary after the last epoch. */
function doneLine(event: DoneEvent, seconds: number): string {
  const parts = [`done: ${event.epochs} epochs, ${event.steps.toLocaleString('en-US')} steps in ${seconds.toFixed(1)}s (${Math.round(event.steps / Math.max(seconds, 1e-9)).toLocaleString('en-US')} steps/s)`, `loss ${lossText(event.loss)}`];
  if (event.accuracy !== null) parts.push(`accuracy ${percent(event.accuracy)}`);
  if (event.valLoss !== null) parts.push(`validation loss ${lossText(event.valLoss)}`);
  if (event.valAccuracy !== null) parts.push(`validation accuracy ${percent(event.valAccuracy)}`);
  const line = parts.join(', ');
  if (event.bestEpoch === undefined) return line;
  // The numbers above are the best epoch's: they describe the weights the run keeps.
  const stopped = event.stoppedEarly ? `stopped early after epoch ${event.epochs}: the validation loss stopped improving` : 'early stopping did not trigger';
  return `${line}\n${stopped}; kept the weights of epoch ${event.bestEpoch} (lowest validation loss)`;
}


type Prepared = ({ readonly ok: true; readonly text: string; readonly controls: readonly ControlEvent[] } & PreparedRun) | { readonly ok: false; readonly message: string };

/** The record's seed, epochs and train block in place of the command line's (which may not also give them). */
function withReplay(args: TrainArguments): { args: TrainArguments; replay?: ReplayPlan } | string {
  if (args.replay === undefined) return { args };
  if (args.epochs !== undefined || args.seed !== undefined || args.train !== undefined) return '--replay takes the train block, epochs and seed from the record — leave out --train, --epochs and --seed';
  const replay = readReplayRecord(args.replay);
  if (typeof replay === 'string') return replay;
  return { args: { ...args, epochs: replay.epochs, seed: replay.seed, ...(replay.train === null ? {} : { train: replay.train }) }, replay };
}

/** Reads the file, plans and builds the run, and loads `--init` weights into it. */
function prepareTraining(given: TrainArguments): Prepared {
  const replayed = withReplay(given);
  if (typeof replayed === 'string') return { ok: false, message: replayed };
  const { args, replay } = replayed;
  const text = readModelFile(args.file);
  const prepared = prepareRun(text, {
    fileAccess: new NodeFileAccess(args.root),
    documentFolder: documentFolderOf(resolve(args.root), args.file),
    memoryBudget: args.memoryBudget,
    raiseBudget: 'raise --memory',
    ...(args.train === undefined ? {} : { trainName: args.train }),
    ...(args.epochs === undefined ? {} : { epochs: args.epochs }),
    ...(args.episodes === undefined ? {} : { episodes: args.episodes }),
    ...(args.seed === undefined ? {} : { seed: args.seed }),
  });
  if (!prepared.ok) return prepared;
  const { plan, run } = prepared;
  if (replay && replay.model !== plan.model.name) return { ok: false, message: `the record ${args.replay} is a run of model ${replay.model}; this file trains ${plan.model.name}` };
  if (args.init !== undefined) {
    // Only a regular file, and none larger than the whole budget (`--init /dev/zero` must not hang).
    const weights = readRegularFile(args.init, { maxBytes: args.memoryBudget });
    if (weights.kind === 'too-large') return { ok: false, message: `the initial weights ${args.init} are ${formatBytes(weights.size)}, more than the ${formatBytes(args.memoryBudget)} memory budget — raise --memory` };
    if (weights.kind !== 'ok') return { ok: false, message: `cannot read the initial weights ${args.init}: ${readFailure(weights)}` };
    const loaded = loadRunWeights(run, weights.bytes);
    if (!loaded.ok) return { ok: false, message: `the initial weights ${args.init} do not fit model ${plan.model.name}: ${loaded.message}` };
    // A checkpoint (`--save` writes one) also carries the optimizer state and the run's position: continue from there.
    const saved = prepared.kind === 'supervised' ? readTrainingState(run.network, weights.bytes) : ({ ok: true, state: undefined } as const);
    if (!saved.ok) return { ok: false, message: `cannot resume from ${args.init}: ${saved.message}` };
    const refused = saved.state === undefined || prepared.kind !== 'supervised' ? undefined : prepared.run.resume(saved.state);
    if (refused !== undefined) return { ok: false, message: `cannot resume from ${args.init}: ${refused}` };
  }
  return { ...prepared, text, controls: replay?.controls ?? [] };
}

/** Writes the trained weights for `--save` (a supervised run's as a checkpoint, with its optimizer state); returns why it could not, if it could not. */
function saveWeights(target: string, prepared: PreparedRun): string | undefined {
  try {
    writeFileSync(target, prepared.kind === 'supervised' ? runCheckpointToSafetensors(prepared.run) : runWeightsToSafetensors(prepared.run));
    return undefined;
  } catch (error) {
    return `cannot write the weights ${target}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'its folder does not exist' : (error as Error).message}`;
  }
}

/** What a person reads while a run trains: the start line, a progress bar on a terminal, a line per epoch. */
class TrainConsole {
  private readonly bar: ProgressBar | undefined;
  /** A policy run's episodes: a line every so many, and their running mean. */
  private readonly policy: PolicyProgress | undefined;

  constructor(
    private readonly output: Output,
    private readonly prepared: PreparedRun,
  ) {
    this.bar = output.progress ? new ProgressBar(output.progress.bind(output)) : undefined;
    this.policy = prepared.kind === 'policy' ? new PolicyProgress(prepared.plan.episodes) : undefined;
  }

  show(event: TrainEvent, seconds: number): void {
    switch (event.type) {
      case 'start':
        if (event.policy) {
          this.output.stdout(`training ${event.model}${event.train ? ` (train ${event.train})` : ''}: ${event.trainableParams.toLocaleString('en-US')} parameters, ${event.policy.episodes.toLocaleString('en-US')} episodes of ${event.policy.env} (observation ${JSON.stringify(event.policy.observationShape)}, ${event.policy.actions} actions), ${event.batchSize} per update, seed ${event.seed}`);
          break;
        }
        this.output.stdout(`training ${event.model}${event.train ? ` (train ${event.train})` : ''}: ${event.trainableParams.toLocaleString('en-US')} parameters, ${event.trainSamples.toLocaleString('en-US')} training and ${event.validationSamples.toLocaleString('en-US')} validation samples, ${event.epochs} epochs of ${event.stepsPerEpoch} steps (batch ${event.batchSize}), seed ${event.seed}`);
        break;
      case 'step': {
        if (!this.bar || this.prepared.kind === 'policy') break;
        const fraction = event.step / this.prepared.run.totalSteps;
        const eta = fraction > 0 ? (seconds / fraction) * (1 - fraction) : Number.NaN;
        this.bar.update(now(), fraction, `epoch ${event.epoch}/${this.prepared.plan.epochs}`, `loss ${lossText(event.loss)}  ${Math.round(event.step / Math.max(seconds, 1e-9))} steps/s  ETA ${formatDuration(eta)}`);
        break;
      }
      case 'epoch':
        this.bar?.clear();
        this.output.stdout(epochLine(event, seconds));
        break;
      case 'episode': {
        if (!this.policy) break;
        const mean = this.policy.add(event.return);
        if (this.bar) {
          const fraction = event.episode / this.policy.episodes;
          const eta = fraction > 0 ? (seconds / fraction) * (1 - fraction) : Number.NaN;
          this.bar.update(now(), fraction, `episode ${event.episode}/${this.policy.episodes}`, `return ${Number(event.return.toFixed(2))}  mean(100) ${mean.toFixed(1)}  ETA ${formatDuration(eta)}`);
        }
        if (this.policy.printsLine(event.episode)) {
          this.bar?.clear();
          this.output.stdout(episodeLine(event, this.policy.episodes, mean, seconds));
        }
        break;
      }
      case 'control':
        this.bar?.clear();
        this.output.stdout(`${event.action}${event.lr === undefined ? '' : ` ${event.lr}`} after step ${event.step}`);
        break;
      case 'health':
        break; // the final set is printed after the summary; --json prints each as it appears
      case 'done':
      case 'failed':
        this.bar?.clear();
        break;
      default: {
        const unreachable: never = event;
        return unreachable;
      }
    }
  }
}

/**
 * `dlmodel train`: exit 0 when the run completes, 1 when it cannot start or fails (with one clear
 * message), 2 on a usage error.
 */
export function runTrain(args: TrainArguments, output: Output): number {
  const fail = (message: string): number => {
    if (args.json) output.stdout(errorLine(message));
    output.stderr(`dlmodel: train: ${message}`);
    return 1;
  };
  try {
    const prepared = prepareTraining(args);
    if (!prepared.ok) return fail(prepared.message);
    return train(args, output, prepared, fail);
  } catch (error) {
    if (error instanceof ModelFileError) return fail(error.message);
    throw error;
  }
}

/** Pulls the run's events to its end, showing them (JSON lines or for a person), then saves what was asked for. */
function train(args: TrainArguments, output: Output, prepared: Extract<Prepared, { ok: true }>, fail: (message: string) => number): number {
  const { text, run, controls } = prepared;
  const style = output.colour ? ansiStyle : plainStyle;
  const lines = new LineIndex(text);
  const json = args.json ? new TrainJsonWriter(lines, (line) => output.stdout(line)) : undefined;
  const person = json ? undefined : new TrainConsole(output, prepared);
  const report = args.report === undefined ? undefined : new TrainReport(prepared, args.file, text);
  // Training time only: the clock restarts when the run has built its data and measured its initial loss.
  let started = now();
  const writeReport = (completed: boolean): number | undefined => {
    if (!report || args.report === undefined) return undefined;
    const failure = report.write(args.report, args.assetsFolder ?? __dirname, completed, now() - started);
    if (failure !== undefined) return fail(failure);
    if (!args.json) output.stdout(`report: ${args.report}`);
    return undefined;
  };
  let done: { event: DoneEvent; seconds: number } | undefined;
  const feedControls = prepared.kind === 'supervised' ? controlFeeder(prepared.run, controls) : () => undefined;
  feedControls();
  for (const event of run.events() as Iterable<TrainEvent>) {
    feedControls();
    if (event.type === 'start') started = now();
    const seconds = (now() - started) / 1000;
    json?.write(event, seconds * 1000);
    report?.observe(event);
    person?.show(event, seconds);
    if (event.type === 'done') done = { event, seconds };
    if (event.type === 'failed') {
      for (const finding of event.findings) if (!json) output.stderr(renderDiagnostic(args.file, finding, lines, style));
      output.stderr(`dlmodel: train: ${event.message}`);
      writeReport(false);
      return 1;
    }
  }
  if (!json && done) {
    output.stdout(done.event.episodes === undefined ? doneLine(done.event, done.seconds) : policyDoneLine(done.event, done.seconds));
    for (const finding of done.event.findings) output.stdout(renderDiagnostic(args.file, finding, lines, style));
  }
  if (args.save !== undefined) {
    const failure = saveWeights(args.save, prepared);
    if (failure !== undefined) return fail(failure);
    if (!args.json) output.stdout(`weights: ${args.save}`);
  }
  return writeReport(true) ?? 0;
}
