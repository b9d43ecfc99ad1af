import { checkDocument } from '../analysis';
import type { FileAccess } from '../analysis/file-access';
import { formatBytes } from '../common/format';
import { BudgetedFileAccess } from './budgeted-access';
import { estimateTrainingBytes } from './memory';
import { planTraining, type PlanOptions, type TrainPlan } from './plan';
import { createRun, type TrainingRun } from './run';

export interface PrepareOptions extends Omit<PlanOptions, 'fileAccess' | 'documentFolder'> {
  readonly fileAccess: FileAccess;
  /** Workspace-relative folder of the document ('' at the root). */
  readonly documentFolder: string;
  /** Refuse a run estimated to need more bytes than this. */
  readonly memoryBudget: number;
  /** How the caller raises the budget, for the refusal (`raise --memory`). */
  readonly raiseBudget: string;
}

export type PrepareResult = { readonly ok: true; readonly plan: TrainPlan; readonly run: TrainingRun } | { readonly ok: false; readonly message: string };

/**
 * Everything between a document's text and a run ready to pull events from, as the CLI and the
 * editor's worker both do it: check, plan (reading data files through `fileAccess`, none larger than
 * the memory budget), refuse a run over the memory budget before any data is built, then build the
 * data and the network.
 */
export function prepareRun(text: string, options: PrepareOptions): PrepareResult {
  const { fileAccess: files, documentFolder, memoryBudget, raiseBudget, ...plan } = options;
  const fileAccess = new BudgetedFileAccess(files, memoryBudget);
  const analysis = checkDocument(text, { fileAccess, documentFolder });
  const refused = fileAccess.refused;
  if (refused) {
    return { ok: false, message: `the data file ${refused.path} is ${formatBytes(refused.size)}, more than the ${formatBytes(memoryBudget)} memory budget — use a smaller file, or ${raiseBudget}` };
  }
  const planned = planTraining(analysis, { ...plan, fileAccess, documentFolder });
  if (!planned.ok) return planned;
  // From the checker's counts and headers, before any data set is built.
  const needed = estimateTrainingBytes(planned.plan);
  if (needed > memoryBudget) {
    return { ok: false, message: `this run needs about ${formatBytes(needed)}, more than the ${formatBytes(memoryBudget)} budget — use a smaller model, batch or number of steps (epochs × batches per epoch), limit the data, or ${raiseBudget}` };
  }
  const created = createRun(planned.plan);
  return created.ok ? { ok: true, plan: planned.plan, run: created.run } : created;
}
