import { readFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { checkDocument } from '../../core/analysis';
import { createRun, planTraining, type PlanOptions, type TrainEvent, type TrainPlan, type TrainingRun } from '../../core/train';
import { NodeFileAccess } from '../../node/node-file-access';
import { fromRoot, repoRoot } from './paths';

/** Plans a .dlmodel text as the CLI does, with the repository as the workspace; throws with the reason when it cannot. */
export function planText(text: string, options: Omit<PlanOptions, 'fileAccess'> & { documentFolder?: string } = {}): TrainPlan {
  const fileAccess = new NodeFileAccess(repoRoot);
  const analysis = checkDocument(text, { fileAccess, documentFolder: options.documentFolder ?? '' });
  const planned = planTraining(analysis, { ...options, fileAccess, documentFolder: options.documentFolder ?? '' });
  if (!planned.ok) throw new Error(planned.message);
  return planned.plan;
}

/** Plans a repository file (path relative to the repository root). */
export function planFile(path: string, options: Omit<PlanOptions, 'fileAccess' | 'documentFolder'> = {}): TrainPlan {
  return planText(readFileSync(fromRoot(path), 'utf8'), { ...options, documentFolder: relative(repoRoot, dirname(fromRoot(path))) });
}

export function startRun(plan: TrainPlan): TrainingRun {
  const created = createRun(plan);
  if (!created.ok) throw new Error(created.message);
  return created.run;
}

/** Runs to the end and returns every event. */
export function allEvents(plan: TrainPlan): TrainEvent[] {
  return [...startRun(plan).events()];
}

/** The events of one type. */
export function eventsOf<K extends TrainEvent['type']>(events: readonly TrainEvent[], type: K): Extract<TrainEvent, { type: K }>[] {
  return events.filter((e): e is Extract<TrainEvent, { type: K }> => e.type === type);
}

/**
 * Counts the rows each forward pass of the run's network sees (the real network, observed):
 * `rows` adds a pass's rows when it starts, `layerRows` its rows again for every node of the graph
 * it runs (a pass run in slices, `forwardWork`, counts each node in the slice that ran it).
 */
export function countRows(run: TrainingRun): { rows: number; layerRows: number } {
  const counter = { rows: 0, layerRows: 0 };
  const network = run.network;
  const forwardWork = network.forwardWork.bind(network);
  network.forwardWork = function* (input, options) {
    const rows = input.shape[0]!;
    counter.rows += rows;
    const work = forwardWork(input, options);
    for (;;) {
      const next = work.next();
      if (next.done) return next.value;
      counter.layerRows += rows;
      yield;
    }
  };
  return counter;
}
