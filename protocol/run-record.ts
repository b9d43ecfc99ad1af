import { PolicyRecordBuilder, type PolicyRecord } from './policy-record';
import type { Mutable } from './mutable';
import type { ControlEvent, DoneEvent, EpochEvent, FailedEvent, HealthFinding, StartEvent, TrainEvent } from '../core/train/events';
import type { LandscapeData, LatentData } from '../core/train/panel-data';

/**
 * Everything one training run produced, as JSON-safe data: the live panel accumulates it from
 * batched events, and the standalone report embeds it. Bulk numbers are flat arrays (a grid is
 * `nx·ny` values, row-major with y outer; n points are `2n` values x0, y0, x1, y1, …).
 */
export interface RunRecord {
  readonly version: typeof runRecordVersion;
  /** Unique per run in one panel; every message about the run carries it. */
  readonly runId: string;
  /** What legends and the run picker call it (`Spirals · adam · seed 42`). */
  readonly label: string;
  /** The .dlmodel file the run came from, when known. */
  readonly source: RunSource | null;
  /** When the run started (ISO 8601), when known. */
  readonly startedAt: string | null;
  readonly start: StartEvent | null;
  readonly steps: StepSeries;
  readonly epochs: readonly EpochEvent[];
  /** Every health finding seen during the run, with the epochs it was seen in. */
  readonly findings: readonly RecordedFinding[];
  /** The done or failed event; null while the run goes on (or when it was stopped). */
  readonly end: DoneEvent | FailedEvent | null;
  readonly latent: LatentData | null;
  readonly landscape: LandscapeData | null;
  /** The changes made while it trained (learning rate, pause, resume, checkpoint), in order; absent in records from before them. */
  readonly controls?: readonly ControlEvent[];
  /** A policy run's episodes (`episode` events) as columns; absent for a run on data. */
  readonly episodes?: EpisodeSeries;
  /** A policy run's gradient spread, value loss and environment views (protocol/policy-record.ts). */
  readonly policy?: PolicyRecord;
  /** The sweep this run was one configuration of; absent for a run of its own. */
  readonly sweep?: RunSweepTag;
}

/** Which sweep a run belongs to, and which of its configurations it ran. */
export interface RunSweepTag {
  readonly sweepId: string;
  /** 0-based, the sweep's row. */
  readonly index: number;
}

/** Per-episode numbers of a policy run, one entry per episode in order. */
export interface EpisodeSeries {
  readonly return: readonly number[];
  readonly length: readonly number[];
  readonly loss: readonly number[];
  readonly entropy: readonly number[];
}

export const runRecordVersion = 2;

/** The file a run came from: its path for display, and where each line starts to turn offsets into line:column. */
export interface RunSource {
  readonly path: string;
  /** UTF-16 offset of each line's first character (0 first). */
  readonly lineStarts: readonly number[];
}

/** Per-step numbers as columns, one entry per step, so a long run stays compact. */
export interface StepSeries {
  readonly step: readonly number[];
  readonly epoch: readonly number[];
  readonly loss: readonly number[];
  readonly lr: readonly number[];
  /** One entry per layer with parameters, in the order of `start.layers`. */
  readonly layers: readonly LayerStepSeries[];
}

export interface LayerStepSeries {
  readonly layer: string;
  readonly gradNorm: readonly number[];
  readonly weightNorm: readonly number[];
  readonly updateRatio: readonly number[];
}

/** A health finding and the epochs it was reported in. */
export interface RecordedFinding {
  readonly finding: HealthFinding;
  readonly firstEpoch: number;
  readonly lastEpoch: number;
  /** Still reported by the latest health, done or failed event. */
  readonly active: boolean;
}

export type { GridAxes, ProbeTargets, LatentData, LayerProjection, LatentFrame, InputPlane, InputPlaneFrame, DecisionGrid, NeuronGrid, LandscapeData, LandscapePath } from '../core/train/panel-data';

/** A record with no events yet. */
export function emptyRunRecord(runId: string, label: string, source: RunSource | null = null, startedAt: string | null = null): RunRecord {
  return {
    version: runRecordVersion,
    runId,
    label,
    source,
    startedAt,
    start: null,
    steps: { step: [], epoch: [], loss: [], lr: [], layers: [] },
    epochs: [],
    findings: [],
    end: null,
    latent: null,
    landscape: null,
  };
}

/** UTF-16 offsets of each line start in a text (for `RunSource.lineStarts`). */
export function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}

/** The 1-based line and column of an offset, from a source's line starts. */
export function lineColumnOf(source: RunSource, offset: number): { line: number; column: number } {
  let low = 0;
  let high = source.lineStarts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (source.lineStarts[mid]! <= offset) low = mid;
    else high = mid - 1;
  }
  return { line: low + 1, column: offset - (source.lineStarts[low] ?? 0) + 1 };
}

const policyOf = (policy: PolicyRecord | undefined): { policy?: PolicyRecord } => (policy ? { policy } : {});

const findingKey = (finding: HealthFinding): string => `${finding.code}\u0000${finding.layer ?? ''}\u0000${finding.range.start}`;

/**
 * Accumulates a run's events into a `RunRecord`. The panel feeds it each batch the host posts; the
 * CLI's report feeds it every event of a run. Adding the same events in any batching gives the
 * same record.
 */
export class RunRecordBuilder {
  private readonly steps: { step: number[]; epoch: number[]; loss: number[]; lr: number[]; layers: Mutable<LayerStepSeries>[] };
  private readonly epochs: EpochEvent[] = [];
  private readonly findings = new Map<string, Mutable<RecordedFinding>>();
  private start: StartEvent | null = null;
  private end: DoneEvent | FailedEvent | null = null;
  private latent: LatentData | null = null;
  private landscape: LandscapeData | null = null;
  private lastEpoch = 0;
  private episodes: { return: number[]; length: number[]; loss: number[]; entropy: number[] } | undefined;
  private readonly controls: ControlEvent[] = [];
  private policy = new PolicyRecordBuilder();
  private sweep: RunSweepTag | undefined;

  constructor(
    readonly runId: string,
    private label: string,
    private readonly source: RunSource | null = null,
    private readonly startedAt: string | null = null,
  ) {
    this.steps = { step: [], epoch: [], loss: [], lr: [], layers: [] };
  }

  /** Continues from a record (a panel restored from saved state, then more events). */
  static from(record: RunRecord): RunRecordBuilder {
    const builder = new RunRecordBuilder(record.runId, record.label, record.source, record.startedAt);
    builder.start = record.start;
    builder.steps.step.push(...record.steps.step);
    builder.steps.epoch.push(...record.steps.epoch);
    builder.steps.loss.push(...record.steps.loss);
    builder.steps.lr.push(...record.steps.lr);
    for (const layer of record.steps.layers) {
      builder.steps.layers.push({ layer: layer.layer, gradNorm: [...layer.gradNorm], weightNorm: [...layer.weightNorm], updateRatio: [...layer.updateRatio] });
    }
    builder.epochs.push(...record.epochs);
    for (const recorded of record.findings) builder.findings.set(findingKey(recorded.finding), { ...recorded });
    builder.end = record.end;
    builder.latent = record.latent;
    builder.landscape = record.landscape;
    builder.lastEpoch = record.epochs.at(-1)?.epoch ?? 0;
    if (record.episodes) builder.episodes = { return: [...record.episodes.return], length: [...record.episodes.length], loss: [...record.episodes.loss], entropy: [...record.episodes.entropy] };
    builder.controls.push(...(record.controls ?? []));
    if (record.policy) builder.policy = PolicyRecordBuilder.from(record.policy);
    builder.sweep = record.sweep;
    return builder;
  }

  /** Marks the run as one configuration of a sweep. */
  tagSweep(tag: RunSweepTag): void {
    this.sweep = tag;
  }

  /** Adds one event. */
  add(event: TrainEvent): void {
    switch (event.type) {
      case 'start':
        this.start = event;
        this.steps.layers = event.layers.map((layer) => ({ layer, gradNorm: [], weightNorm: [], updateRatio: [] }));
        break;
      case 'step':
        this.addStep(event.step, event.epoch, event.loss, event.lr, event.layers);
        break;
      case 'epoch':
        this.epochs.push(event);
        this.lastEpoch = event.epoch;
        break;
      case 'episode': {
        const episodes = (this.episodes ??= { return: [], length: [], loss: [], entropy: [] });
        episodes.return.push(event.return);
        episodes.length.push(event.length);
        episodes.loss.push(event.loss);
        episodes.entropy.push(event.entropy);
        this.policy.add(event);
        break;
      }
      case 'control':
        this.controls.push(event);
        break;
      case 'health':
        this.lastEpoch = Math.max(this.lastEpoch, event.epoch);
        this.addFindings(event.findings, event.epoch);
        break;
      case 'done':
        this.end = event;
        this.addFindings(event.findings, this.lastEpoch);
        break;
      case 'failed':
        this.end = event;
        this.addFindings(event.findings, event.epoch);
        break;
      default:
        return assertNever(event);
    }
  }

  /** Adds a batch of events in order. */
  addAll(events: Iterable<TrainEvent>): void {
    for (const event of events) this.add(event);
  }

  /** Takes a run's latent data; projections merge by layer (a layer sent again replaces its projection). */
  mergeLatent(latent: LatentData): void {
    const sent = new Set(latent.projections.map((p) => p.layer));
    const kept = (this.latent?.projections ?? []).filter((p) => !sent.has(p.layer));
    this.latent = { ...latent, projections: [...kept, ...latent.projections] };
  }

  setLandscape(landscape: LandscapeData | null): void {
    this.landscape = landscape;
  }

  setLabel(label: string): void {
    this.label = label;
  }

  /**
   * The record so far, sharing its arrays with the builder: later events extend them in place.
   * Cheap, for a panel that redraws after every batch; use `record()` to keep a copy.
   */
  view(): RunRecord {
    return {
      version: runRecordVersion,
      runId: this.runId,
      label: this.label,
      source: this.source,
      startedAt: this.startedAt,
      start: this.start,
      steps: this.steps,
      epochs: this.epochs,
      findings: [...this.findings.values()],
      end: this.end,
      latent: this.latent,
      landscape: this.landscape,
      ...(this.episodes ? { episodes: this.episodes } : {}),
      ...(this.controls.length > 0 ? { controls: this.controls } : {}),
      ...policyOf(this.policy.view()),
      ...(this.sweep ? { sweep: this.sweep } : {}),
    };
  }

  /** The record so far (a snapshot: later events do not change it). */
  record(): RunRecord {
    return {
      version: runRecordVersion,
      runId: this.runId,
      label: this.label,
      source: this.source,
      startedAt: this.startedAt,
      start: this.start,
      steps: {
        step: [...this.steps.step],
        epoch: [...this.steps.epoch],
        loss: [...this.steps.loss],
        lr: [...this.steps.lr],
        layers: this.steps.layers.map((l) => ({ layer: l.layer, gradNorm: [...l.gradNorm], weightNorm: [...l.weightNorm], updateRatio: [...l.updateRatio] })),
      },
      epochs: [...this.epochs],
      findings: [...this.findings.values()].map((f) => ({ ...f })),
      end: this.end,
      latent: this.latent,
      landscape: this.landscape,
      ...(this.episodes ? { episodes: { return: [...this.episodes.return], length: [...this.episodes.length], loss: [...this.episodes.loss], entropy: [...this.episodes.entropy] } } : {}),
      ...(this.controls.length > 0 ? { controls: [...this.controls] } : {}),
      ...policyOf(this.policy.record()),
      ...(this.sweep ? { sweep: { ...this.sweep } } : {}),
    };
  }

  private addStep(step: number, epoch: number, loss: number, lr: number, layers: readonly { layer: string; gradNorm: number; weightNorm: number; updateRatio: number }[]): void {
    this.steps.step.push(step);
    this.steps.epoch.push(epoch);
    this.steps.loss.push(loss);
    this.steps.lr.push(lr);
    for (const stats of layers) {
      let series = this.steps.layers.find((l) => l.layer === stats.layer);
      if (!series) {
        // A step before any start event (or a layer the start did not list): pad the new column.
        const padding = this.steps.step.length - 1;
        series = { layer: stats.layer, gradNorm: new Array<number>(padding).fill(0), weightNorm: new Array<number>(padding).fill(0), updateRatio: new Array<number>(padding).fill(0) };
        this.steps.layers.push(series);
      }
      series.gradNorm.push(stats.gradNorm);
      series.weightNorm.push(stats.weightNorm);
      series.updateRatio.push(stats.updateRatio);
    }
    // A layer this step did not report keeps its columns aligned with the step column.
    for (const series of this.steps.layers) {
      while (series.gradNorm.length < this.steps.step.length) {
        series.gradNorm.push(0);
        series.weightNorm.push(0);
        series.updateRatio.push(0);
      }
    }
  }

  private addFindings(findings: readonly HealthFinding[], epoch: number): void {
    const current = new Set<string>();
    for (const finding of findings) {
      const key = findingKey(finding);
      current.add(key);
      const known = this.findings.get(key);
      if (known) {
        known.finding = finding;
        known.lastEpoch = Math.max(known.lastEpoch, epoch);
        known.active = true;
      } else {
        this.findings.set(key, { finding, firstEpoch: epoch, lastEpoch: epoch, active: true });
      }
    }
    for (const [key, known] of this.findings) if (!current.has(key)) known.active = false;
  }
}

/** Makes a switch over a union exhaustive: adding a member without a case fails to compile. */
export function assertNever(value: never): never {
  throw new Error(`unexpected value: ${JSON.stringify(value)}`);
}
