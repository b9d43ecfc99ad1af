import { join, resolve } from 'node:path';
import { checkDocument, type SweepSpec } from '../core/analysis';
import { describeConfiguration, expandSweep, metricValue, rankWithStopped, sweepTrain, type SweepConfiguration, type SweepMetrics } from '../core/train';
import { documentFolderOf, NodeFileAccess } from '../node/node-file-access';
import { poolHalvingOf, SweepPool, type SweepRunResult } from '../node/sweep-pool';
import { ModelFileError, readModelFile } from './model-file';
import type { Output } from './output';
import { errorLine } from './train-json';

export interface SweepArguments {
  readonly file: string;
  readonly train?: string;
  readonly workers: number;
  readonly json: boolean;
  readonly root: string;
  readonly memoryBudget: number;
  /** The worker bundle (dist/worker.js, next to the CLI bundle). */
  readonly workerPath?: string;
}

/** A finished run as the table and the JSON lines show it. */
interface Row {
  readonly index: number;
  readonly configuration: SweepConfiguration;
  readonly outcome: SweepRunResult['outcome'];
  readonly metrics?: SweepMetrics;
  readonly epochs?: number;
  /** Halving stopped it after this many epochs (its metrics are that epoch's). */
  readonly stoppedAt?: number;
  readonly message?: string;
  readonly seconds: number;
}

const lossText = (value: number | null | undefined): string => (value === null || value === undefined ? '—' : value < 1e-3 ? value.toExponential(3) : value.toFixed(4));
const percent = (value: number | null | undefined): string => (value === null || value === undefined ? '—' : `${(value * 100).toFixed(1)}%`);
const round = (seconds: number): number => Math.round(seconds * 1000) / 1000;

function rowOf(result: SweepRunResult): Row {
  const done = result.done;
  const rung = result.stoppedAt === undefined ? undefined : result.last;
  return {
    index: result.configuration.index,
    configuration: result.configuration,
    outcome: result.outcome,
    ...(done ? { metrics: { loss: done.loss, accuracy: done.accuracy, valLoss: done.valLoss, valAccuracy: done.valAccuracy }, epochs: done.epochs } : {}),
    ...(rung ? { metrics: { loss: rung.loss, accuracy: rung.accuracy, valLoss: rung.valLoss, valAccuracy: rung.valAccuracy }, epochs: rung.epoch, stoppedAt: rung.epoch } : {}),
    ...(result.message === undefined ? {} : { message: result.message }),
    seconds: result.ms / 1000,
  };
}

/** The JSON line of a finished run (docs/schemas/sweep-events.schema.json). */
function runJson(row: Row, total: number): string {
  const m = row.metrics;
  return JSON.stringify({
    type: 'run',
    run: row.index + 1,
    runs: total,
    configuration: Object.fromEntries(row.configuration.settings.map((s) => [s.key, s.value])),
    outcome: row.outcome,
    epochs: row.epochs ?? null,
    loss: m?.loss ?? null,
    accuracy: m?.accuracy ?? null,
    valLoss: m?.valLoss ?? null,
    valAccuracy: m?.valAccuracy ?? null,
    stoppedAt: row.stoppedAt ?? null,
    seconds: round(row.seconds),
    ...(row.message === undefined ? {} : { message: row.message }),
  });
}

/** `run 3/12  lr=0.01 hidden.units=32  val_loss 0.1234  val_acc 95.0%  2.1s`. */
function progressLine(row: Row, total: number): string {
  const m = row.metrics;
  const head = `run ${String(row.index + 1).padStart(String(total).length)}/${total}  ${describeConfiguration(row.configuration.settings)}`;
  if ((row.outcome !== 'completed' && row.stoppedAt === undefined) || !m) return `${head}  ${row.outcome}${row.message ? `: ${row.message}` : ''}`;
  const parts = [head, ...(row.stoppedAt === undefined ? [] : [`stopped at epoch ${row.stoppedAt}`]), `loss ${lossText(m.loss)}`];
  if (m.valLoss !== null) parts.push(`val_loss ${lossText(m.valLoss)}`);
  if (m.accuracy !== null) parts.push(`acc ${percent(m.accuracy)}`);
  if (m.valAccuracy !== null) parts.push(`val_acc ${percent(m.valAccuracy)}`);
  parts.push(`${row.seconds.toFixed(1)}s`);
  return parts.join('  ');
}

/**
 * The final table, best first: rank, run, one column per swept key, the four metrics; with halving
 * an `epochs` column says which runs were stopped early and where (their numbers are that epoch's;
 * they rank after the runs that trained to the end, `rankWithStopped`).
 */
function table(rows: readonly Row[], sweep: SweepSpec): string[] {
  const ranked = rankWithStopped(rows, sweep.metric);
  const keys = sweep.axes.map((a) => a.key);
  const halving = sweep.earlyStop !== undefined;
  const header = ['rank', 'run', ...keys, ...(halving ? ['epochs'] : []), 'loss', 'val_loss', 'acc', 'val_acc'];
  const body = ranked.map((row, i) => {
    const value = metricValue(row.metrics, sweep.metric);
    const m = row.metrics;
    return [
      value === null || row.stoppedAt !== undefined ? '—' : String(i + 1),
      String(row.index + 1),
      ...row.configuration.settings.map((s) => s.value),
      ...(halving ? [row.stoppedAt === undefined ? String(row.epochs ?? '—') : `${row.stoppedAt} (stopped)`] : []),
      ...(m ? [lossText(m.loss), lossText(m.valLoss), percent(m.accuracy), percent(m.valAccuracy)] : [row.outcome, '', '', '']),
    ];
  });
  const widths = header.map((h, c) => Math.max(h.length, ...body.map((r) => r[c]!.length)));
  const line = (cells: readonly string[]): string => cells.map((cell, c) => cell.padEnd(widths[c]!)).join('  ').trimEnd();
  return [line(header), ...body.map(line)];
}

/**
 * `dlmodel sweep`: runs every configuration of the file's sweep on a pool of workers; exit 0 when
 * every run completed, 1 when the sweep cannot start or a run failed or was cancelled.
 */
export async function runSweep(args: SweepArguments, output: Output): Promise<number> {
  const fail = (message: string): number => {
    if (args.json) output.stdout(errorLine(message));
    output.stderr(`dlmodel: sweep: ${message}`);
    return 1;
  };
  let text: string;
  try {
    text = readModelFile(args.file);
  } catch (error) {
    if (error instanceof ModelFileError) return fail(error.message);
    throw error;
  }
  const documentFolder = documentFolderOf(resolve(args.root), args.file);
  const analysis = checkDocument(text, { fileAccess: new NodeFileAccess(args.root), documentFolder });
  const errors = analysis.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) return fail(`the file has ${errors.length} error${errors.length === 1 ? '' : 's'} (first: ${errors[0]!.code} ${errors[0]!.message}) — run dlmodel check and fix ${errors.length === 1 ? 'it' : 'them'}`);
  const train = sweepTrain(analysis, args.train);
  if (!train?.sweep) return fail(`${args.train === undefined ? 'this file has no' : `train block '${args.train}' has no`} sweep — add one to a train block: sweep: grid(lr: [0.001, 0.01])`);
  const sweep = train.sweep;
  const configurations = expandSweep(text, analysis, train);
  const workers = Math.min(args.workers, configurations.length);
  const epochs = train.settings.epochs;
  const halving = poolHalvingOf(sweep, epochs);
  const started = performance.now();
  const pool = new SweepPool({
    workerPath: args.workerPath ?? join(__dirname, 'worker.js'),
    workspaceRoot: resolve(args.root),
    documentFolder,
    memoryBudget: args.memoryBudget,
    workers,
    ...(train.name === undefined ? {} : { trainName: train.name }),
    ...(halving ? { halving } : {}),
    onFinished: (result) => output.stdout(args.json ? runJson(rowOf(result), configurations.length) : progressLine(rowOf(result), configurations.length)),
  });
  let cancelled = false;
  const onInterrupt = (): void => {
    cancelled = true;
    void pool.cancel();
  };
  // Listen before the first line: someone who reads it may interrupt at once, and an unheard SIGINT kills outright.
  process.on('SIGINT', onInterrupt);
  if (args.json) output.stdout(JSON.stringify({ type: 'sweep', runs: configurations.length, method: sweep.method.kind, metric: sweep.metric, keys: sweep.axes.map((a) => a.key), workers, earlyStop: halving && sweep.earlyStop ? { kind: 'halving', gracePeriod: sweep.earlyStop.gracePeriod, reductionFactor: sweep.earlyStop.reductionFactor, rungs: halving.rungs } : null }));
  else output.stdout(`sweep of ${configurations.length} run${configurations.length === 1 ? '' : 's'} (${sweep.method.kind}) on ${workers} worker${workers === 1 ? '' : 's'}, ranked by ${sweep.metric}${halving ? `, halving at epochs ${halving.rungs.slice(0, -1).join(', ')} of ${epochs}` : ''}`);
  let results: SweepRunResult[];
  try {
    results = await pool.run(configurations);
  } finally {
    process.off('SIGINT', onInterrupt);
  }
  const rows = results.map(rowOf);
  const seconds = (performance.now() - started) / 1000;
  const ranked = rankWithStopped(rows, sweep.metric).filter((r) => metricValue(r.metrics, sweep.metric) !== null);
  const completed = rows.filter((r) => r.outcome === 'completed').length;
  const stopped = rows.filter((r) => r.stoppedAt !== undefined).length;
  // Epochs that ran: to the end (fewer with early_stopping), to a rung, or to where a run failed;
  // halving cannot sweep epochs (DL585), so every run was planned for the block's.
  const trained = rows.reduce((sum, r) => sum + (r.epochs ?? results.find((x) => x.configuration.index === r.index)?.last?.epoch ?? 0), 0);
  const planned = configurations.length * epochs;
  if (args.json) {
    output.stdout(JSON.stringify({ type: 'done', runs: rows.length, completed, cancelled, metric: sweep.metric, ranking: ranked.map((r) => r.index + 1), halving: halving ? { stoppedEarly: stopped, epochsTrained: trained, epochsPlanned: planned } : null, seconds: round(seconds) }));
  } else {
    output.stdout('');
    for (const line of table(rows, sweep)) output.stdout(line);
    const saved = halving ? `, ${stopped} stopped early by halving: ${trained} of ${planned} epochs trained (${Math.round((100 * (planned - trained)) / planned)}% saved)` : '';
    output.stdout(`${cancelled ? 'cancelled' : 'done'}: ${completed} of ${configurations.length} runs completed${saved} in ${seconds.toFixed(1)}s`);
  }
  return !cancelled && rows.length === configurations.length && rows.every((r) => r.outcome === 'completed' || r.stoppedAt !== undefined) ? 0 : 1;
}
