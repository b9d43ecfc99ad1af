import { formatBytes, formatCompact, formatCount } from '../common/format';
import type { TextRange } from '../common/range';
import type { DocumentAnalysis, ModelSummary, SweepSpec } from '../analysis';
import { halvingEpochs, halvingOptionsOf } from '../train/sweep-halving';

/** A lens above a declaration; with `command` it is an action, otherwise a label. */
export interface CodeLens {
  readonly range: TextRange;
  readonly title: string;
  /** An icon an editor may draw before the title (VS Code's `$(play)`); others show the title alone. */
  readonly icon?: 'play' | 'type-hierarchy' | 'run-all';
  readonly command?: { readonly id: string; readonly arguments: readonly unknown[] };
  /** Only for an editor that runs VS Code commands (a view it opens); others get no lens at all. */
  readonly vscodeOnly?: boolean;
  /** For an action: the train block's name, so that an editor that cannot run the command can say how to run it from a terminal. */
  readonly trainName?: string;
}

/** The command a `train` block's lens runs; the extension registers it. */
export const trainCommandId = 'dlmodel.train';

/** The command a sweep's Run Sweep lens runs (the extension registers it; its progress and tab are VS Code's). */
export const runSweepCommandId = 'dlmodel.runSweep';

/** The command a model's Graph lens runs (the extension registers it; its view is VS Code's). */
export const showGraphCommandId = 'dlmodel.showGraph';

/** Above each model its totals and a Graph action; above each `train` block a Train action. */
export function codeLenses(analysis: DocumentAnalysis): CodeLens[] {
  const lenses: CodeLens[] = [];
  for (const model of analysis.models) {
    // Totals of a model whose shapes stop at an error would be too low: say so instead.
    const totals = isComplete(model) ? `${parameterHeadline(model)} · ${formatCompact(model.macs)} MACs · ${formatBytes(model.parameterBytes)}` : `≥ ${formatCount(model.totalParams)} params — shapes unknown after an error`;
    lenses.push({ range: model.declaration.keyword, title: totals });
    lenses.push({ range: model.declaration.keyword, title: 'Graph', icon: 'type-hierarchy', command: { id: showGraphCommandId, arguments: [model.name] }, vscodeOnly: true });
  }
  for (const train of analysis.trains) {
    const label = train.name ? `Train ${train.name}` : 'Train';
    lenses.push({
      range: train.declaration.keyword,
      title: `${label}${train.modelName ? ` ${train.modelName}` : ''}`,
      icon: 'play',
      command: { id: trainCommandId, arguments: [train.name ?? null] },
      ...(train.name ? { trainName: train.name } : {}),
    });
    if (train.sweep) {
      lenses.push({ range: train.sweep.entryRange, title: sweepTitle(train.sweep, train.settings.epochs) });
      const runs = `${formatCount(train.sweep.runs)} configuration${train.sweep.runs === 1 ? '' : 's'}`;
      lenses.push({ range: train.sweep.entryRange, title: `Run Sweep (${runs})`, icon: 'run-all', command: { id: runSweepCommandId, arguments: [train.name ?? null] }, vscodeOnly: true });
    }
  }
  return lenses.sort((a, b) => a.range.start - b.range.start);
}

/**
 * `Sweep: 12 runs (grid 2 × 2 × 3) · 360 epochs in all`: the count and the work, in epochs (a time
 * would need this machine's speed, which the checker does not know).
 */
export function sweepTitle(sweep: SweepSpec, epochs: number): string {
  const sizes = sweep.axes.map((a) => a.values.length).join(' × ');
  const method = sweep.method.kind === 'grid' ? `grid ${sizes}` : `random ${sweep.runs} of ${sizes}`;
  const epochAxis = sweep.axes.find((a) => a.kind === 'train' && a.key === 'epochs');
  // With swept epochs each value runs equally often in a grid; a random draw's total is not known before it is drawn.
  const meanEpochs = epochAxis ? epochAxis.values.reduce((sum, v) => sum + (v.kind === 'Number' ? v.value : 0), 0) / epochAxis.values.length : epochs;
  const all = Math.round(meanEpochs * sweep.runs);
  // Halving cannot sweep epochs (DL585): its bound is exact in the rungs, whatever the runs do.
  const halved = sweep.earlyStop && !epochAxis ? halvingEpochs(sweep.runs, epochs, halvingOptionsOf(sweep.earlyStop)) : undefined;
  const work = epochAxis && sweep.method.kind === 'random' ? '' : halved === undefined ? ` · ${formatCount(all)} epochs in all` : ` · at most ${formatCount(halved)} of ${formatCount(all)} epochs with halving`;
  return `Sweep: ${formatCount(sweep.runs)} run${sweep.runs === 1 ? '' : 's'} (${method}, by ${sweep.metric})${work}`;
}

/**
 * The lens's count leads with the trainable parameters, the number PyTorch users know
 * (`sum(p.numel() for p in model.parameters())`: 11,689,512 for ResNet-18), then the
 * non-trainable buffers (batch norm's running statistics) when there are any.
 */
export function parameterHeadline(model: ModelSummary): string {
  const buffers = model.nonTrainableParams > 0n ? ` + ${formatCount(model.nonTrainableParams)} in buffers` : '';
  return `${formatCount(model.trainableParams)} params${buffers}`;
}

/** True when every layer's shape, and so every count, is known. */
export function isComplete(model: ModelSummary): boolean {
  return model.input !== undefined && model.output !== undefined && model.layers.every((l) => l.outputShape !== undefined);
}
