import { writeFileSync } from 'node:fs';
import { computeLandscape, LatentRecorder, PathRecorder, raceOptimizers, racePath, type TrainEvent, type TrainingRun } from '../core/train';
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
  private readonly latent: LatentRecorder;
  private readonly path: PathRecorder;

  constructor(
    private readonly run: TrainingRun,
    file: string,
    text: string,
  ) {
    const { plan } = run;
    const label = `${plan.model.name}${plan.trainName ? ` · ${plan.trainName}` : ''} · ${plan.optimizer.name} · seed ${plan.seed}`;
    this.record = new RunRecordBuilder('run-1', label, { path: file, lineStarts: lineStartsOf(text) }, new Date().toISOString());
    this.latent = new LatentRecorder(run);
    this.path = new PathRecorder(run);
  }

  observe(event: TrainEvent): void {
    this.record.add(event);
    if (event.type === 'epoch') {
      this.path.afterEpoch(event.epoch);
      if (this.latent.records(event.epoch)) this.latent.capture(event.epoch);
    }
  }

  /**
   * Writes the report to `target`; a completed run gets its loss landscape, with the optimizer
   * race when it trained within the race budget. Returns why it could not be written, if it could not.
   */
  write(target: string, assetsFolder: string, completed: boolean, trainingMs: number): string | undefined {
    this.record.mergeLatent(this.latent.snapshot());
    if (completed) {
      const { plan } = this.run;
      const race = trainingMs < raceBudgetMs ? raceOptimizers(plan.optimizer).flatMap((o) => { const raced = racePath(plan, o.setting); return raced ? [{ name: o.name, ...raced }] : []; }) : [];
      const landscape = computeLandscape(this.run, this.path, { plane: 'path', resolution: 31, race });
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
