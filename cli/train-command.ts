import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { formatBytes } from '../core/common/format';
import { LineIndex } from '../core/common/line-index';
import { computeLandscape, LatentRecorder, PathRecorder, prepareRun, raceOptimizers, racePath, type DoneEvent, type EpochEvent, type TrainEvent } from '../core/train';
import { loadSafetensorsInto, networkToSafetensors } from '../core/export';
import { lineStartsOf, RunRecordBuilder } from '../protocol/run-record';
import { readReportAssets, renderReport } from '../report/render-report';
import { documentFolderOf, NodeFileAccess } from '../node/node-file-access';
import { readFailure, readRegularFile } from '../node/regular-file';
import { ansiStyle, plainStyle, renderDiagnostic } from './check-report';
import { ModelFileError, readModelFile } from './model-file';
import type { Output } from './output';
import { ProgressBar, formatDuration } from './progress-bar';
import { errorLine, TrainJsonWriter } from './train-json';

export interface TrainArguments {
  readonly file: string;
  readonly train?: string;
  readonly epochs?: number;
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


/**
 * `dlmodel train`: exit 0 when the run completes, 1 when it cannot start or fails (with one clear
 * message), 2 on a usage error.
 */
export function runTrain(args: TrainArguments, output: Output): number {
  const style = output.colour ? ansiStyle : plainStyle;
  const fail = (message: string): number => {
    if (args.json) output.stdout(errorLine(message));
    output.stderr(`dlmodel: train: ${message}`);
    return 1;
  };
  try {
    const text = readModelFile(args.file);
    const root = resolve(args.root);
    const fileAccess = new NodeFileAccess(args.root);
    const documentFolder = documentFolderOf(root, args.file);
    const prepared = prepareRun(text, {
      fileAccess,
      documentFolder,
      memoryBudget: args.memoryBudget,
      raiseBudget: 'raise --memory',
      ...(args.train === undefined ? {} : { trainName: args.train }),
      ...(args.epochs === undefined ? {} : { epochs: args.epochs }),
      ...(args.seed === undefined ? {} : { seed: args.seed }),
    });
    if (!prepared.ok) return fail(prepared.message);
    const { plan, run } = prepared;
    if (args.init !== undefined) {
      // Only a regular file, and none larger than the whole budget (`--init /dev/zero` must not hang).
      const weights = readRegularFile(args.init, { maxBytes: args.memoryBudget });
      if (weights.kind === 'too-large') return fail(`the initial weights ${args.init} are ${formatBytes(weights.size)}, more than the ${formatBytes(args.memoryBudget)} memory budget — raise --memory`);
      if (weights.kind !== 'ok') return fail(`cannot read the initial weights ${args.init}: ${readFailure(weights)}`);
      const loaded = loadSafetensorsInto(run.network, weights.bytes);
      if (!loaded.ok) return fail(`the initial weights ${args.init} do not fit model ${plan.model.name}: ${loaded.message}`);
    }
    const lines = new LineIndex(text);
    const json = args.json ? new TrainJsonWriter(lines, (line) => output.stdout(line)) : undefined;
    const bar = !args.json && output.progress ? new ProgressBar(output.progress.bind(output)) : undefined;
    // Training time only: the clock restarts when the run has built its data and measured its initial loss.
    let started = now();
    let done: { event: DoneEvent; seconds: number } | undefined;
    const record = args.report === undefined ? undefined : new RunRecordBuilder('run-1', `${plan.model.name}${plan.trainName ? ` · ${plan.trainName}` : ''} · ${plan.optimizer.name} · seed ${plan.seed}`, { path: args.file, lineStarts: lineStartsOf(text) }, new Date().toISOString());
    const latent = record ? new LatentRecorder(run) : undefined;
    const path = record ? new PathRecorder(run) : undefined;
    const writeReport = (completed: boolean): number | undefined => {
      if (!record || !latent || !path || args.report === undefined) return undefined;
      record.mergeLatent(latent.snapshot());
      if (completed) {
        // The landscape on the path's plane, with the optimizer race when the run was quick enough to repeat.
        const quick = now() - started < 15_000;
        const race = quick ? raceOptimizers(plan.optimizer).flatMap((o) => { const raced = racePath(plan, o.setting); return raced ? [{ name: o.name, ...raced }] : []; }) : [];
        const landscape = computeLandscape(run, path, { plane: 'path', resolution: 31, race });
        if (landscape) record.setLandscape(landscape);
      }
      try {
        writeFileSync(args.report, renderReport(record.record(), readReportAssets(args.assetsFolder ?? __dirname)));
      } catch (error) {
        return fail(`cannot write the report ${args.report}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'its folder does not exist' : (error as Error).message}`);
      }
      if (!args.json) output.stdout(`report: ${args.report}`);
      return undefined;
    };
    for (const event of run.events() as Iterable<TrainEvent>) {
      if (event.type === 'start') started = now();
      const seconds = (now() - started) / 1000;
      json?.write(event, seconds * 1000);
      record?.add(event);
      if (event.type === 'epoch') {
        path?.afterEpoch(event.epoch);
        if (latent?.records(event.epoch)) latent.capture(event.epoch);
      }
      switch (event.type) {
        case 'start':
          if (!json) output.stdout(`training ${event.model}${event.train ? ` (train ${event.train})` : ''}: ${event.trainableParams.toLocaleString('en-US')} parameters, ${event.trainSamples.toLocaleString('en-US')} training and ${event.validationSamples.toLocaleString('en-US')} validation samples, ${event.epochs} epochs of ${event.stepsPerEpoch} steps (batch ${event.batchSize}), seed ${event.seed}`);
          break;
        case 'step':
          if (bar) {
            const fraction = event.step / run.totalSteps;
            const eta = fraction > 0 ? (seconds / fraction) * (1 - fraction) : Number.NaN;
            bar.update(now(), fraction, `epoch ${event.epoch}/${plan.epochs}`, `loss ${lossText(event.loss)}  ${Math.round(event.step / Math.max(seconds, 1e-9))} steps/s  ETA ${formatDuration(eta)}`);
          }
          break;
        case 'epoch':
          if (!json) {
            bar?.clear();
            output.stdout(epochLine(event, seconds));
          }
          break;
        case 'health':
          break; // the final set is printed after the summary; --json prints each as it appears
        case 'done':
          done = { event, seconds };
          break;
        case 'failed':
          bar?.clear();
          for (const finding of event.findings) if (!json) output.stderr(renderDiagnostic(args.file, finding, lines, style));
          output.stderr(`dlmodel: train: ${event.message}`);
          writeReport(false);
          return 1;
      }
    }
    bar?.clear();
    if (!json && done) {
      output.stdout(doneLine(done.event, done.seconds));
      for (const finding of done.event.findings) output.stdout(renderDiagnostic(args.file, finding, lines, style));
    }
    if (args.save !== undefined) {
      try {
        writeFileSync(args.save, networkToSafetensors(run.network));
      } catch (error) {
        return fail(`cannot write the weights ${args.save}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'its folder does not exist' : (error as Error).message}`);
      }
      if (!args.json) output.stdout(`weights: ${args.save}`);
    }
    return writeReport(true) ?? 0;
  } catch (error) {
    if (error instanceof ModelFileError) return fail(error.message);
    throw error;
  }
}
