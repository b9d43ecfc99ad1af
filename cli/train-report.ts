import { writeFileSync } from 'node:fs';
import { computeLandscape, LatentRecorder, PathRecorder, raceOptimizers, racePath, type PreparedRun, type TrainEvent, type TrainingRun } from '../core/train';
import { lineStartsOf, RunRecordBuilder } from '../protocol/run-record';
import { readReportAssets, renderReport } from '../report/render-report';

/** The optimizer race retrains the model once per other optimizer: only after a run this quick. */
const raceBudgetMs = 15_000;

/**
 * `dlmodel train --report FILE`: records the run as it trains (its events, the latent space per
 * recorded epoch, the optimizer's path) and writes the self-contained HTML report at the end.
 */
export class TrainReport {
  private readonly record: RunRecordBuilder;
  /** A run on data only: a policy run has no samples to project and no data loss to map. */
  private readonly supervised: { run: TrainingRun; latent: LatentRecorder; path: PathRecorder } | undefined;

  constructor(prepared: PreparedRun, file: string, text: string) {
    const { plan } = prepared;
    const what = prepared.kind === 'policy' ? ` · ${prepared.plan.env.name}` : '';
    const label = `${plan.model.name}${plan.trainName ? ` · ${plan.trainName}` : ''}${what} · ${plan.optimizer.name} · seed ${plan.seed}`;
    this.record = new RunRecordBuilder('run-1', label, { path: file, lineStarts: lineStartsOf(text) }, new Date().toISOString());
    this.supervised = prepared.kind === 'supervised' ? { run: prepared.run, latent: new LatentRecorder(prepared.run), path: new PathRecorder(prepared.run) } : undefined;
  }

  observe(event: TrainEvent): void {
    this.record.add(event);
    const supervised = this.supervised;
    if (event.type === 'epoch' && supervised) {
      const { latent, path } = supervised;
      path.afterEpoch(event.epoch);
      if (latent.records(event.epoch)) latent.capture(event.epoch);
    }
  }

  /**
   * Writes the report to `target`; a completed run gets its loss landscape, with the optimizer
   * race when it trained within the race budget. Returns why it could not be written, if it could not.
   */
  write(target: string, assetsFolder: string, completed: boolean, trainingMs: number): string | undefined {
    const supervised = this.supervised;
    if (supervised) this.record.mergeLatent(supervised.latent.snapshot());
    if (completed && supervised) {
      const { plan } = supervised.run;
      const race = trainingMs < raceBudgetMs ? raceOptimizers(plan.optimizer).flatMap((o) => { const raced = racePath(plan, o.setting); return raced ? [{ name: o.name, ...raced }] : []; }) : [];
      const landscape = computeLandscape(supervised.run, supervised.path, { plane: 'path', resolution: 31, race });
      if (landscape) this.record.setLandscape(landscape);
    }
    try {
      writeFileSync(target, renderReport(this.record.record(), readReportAssets(assetsFolder)));
      return undefined;
    } catch (error) {
      return `cannot write the report ${target}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'its folder does not exist' : (error as Error).message}`;
    }
  }
}
