import { checkDocument } from '../analysis';
import type { FileAccess } from '../analysis/file-access';
import { formatBytes } from '../common/format';
import { BudgetedFileAccess } from './budgeted-access';
import { estimateTrainingBytes } from './memory';
import { planTraining, selectTrain, type PlanOptions, type TrainPlan } from './plan';
import { createRun, type TrainingRun } from './run';
import { isPolicyTrain, planPolicy, type PolicyPlan } from '../rl/policy-plan';
import { PolicyRun } from '../rl/policy-run';

export interface PrepareOptions extends Omit<PlanOptions, 'fileAccess' | 'documentFolder'> {
  readonly fileAccess: FileAccess;
  /** Workspace-relative folder of the document ('' at the root). */
  readonly documentFolder: string;
  /** Refuse a run estimated to need more bytes than this. */
  readonly memoryBudget: number;
  /** How the caller raises the budget, for the refusal (`raise --memory`). */
  readonly raiseBudget: string;
  /** Attach environment views to a policy run's episode events (the panel wants them; the CLI's JSON lines do not). */
  readonly policyViews?: boolean;
}

/** A run ready to pull events from: on data (`TrainingRun`), or a policy in an environment (`PolicyRun`). */
export type PreparedRun = { readonly kind: 'supervised'; readonly plan: TrainPlan; readonly run: TrainingRun } | { readonly kind: 'policy'; readonly plan: PolicyPlan; readonly run: PolicyRun };

export type PrepareResult = ({ readonly ok: true } & PreparedRun) | { readonly ok: false; readonly message: string };

/**
 * Everything between a document's text and a run ready to pull events from, as the CLI and the
 * editor's worker both do it: check, plan (reading data files through `fileAccess`, none larger than
 * the memory budget), refuse a run over the memory budget before any data is built, then build the
 * data and the network.
 */
export function prepareRun(text: string, options: PrepareOptions): PrepareResult {
  const { fileAccess: files, documentFolder, memoryBudget, raiseBudget, policyViews, ...plan } = options;
  const fileAccess = new BudgetedFileAccess(files, memoryBudget);
  const analysis = checkDocument(text, { fileAccess, documentFolder });
  const refused = fileAccess.refused;
  if (refused) {
    return { ok: false, message: `the data file ${refused.path} is ${formatBytes(refused.size)}, more than the ${formatBytes(memoryBudget)} memory budget — use a smaller file, or ${raiseBudget}` };
  }
  const selected = selectTrain(analysis, plan.trainName);
  const clean = !analysis.diagnostics.some((d) => d.severity === 'error');
  const policyBlock = typeof selected !== 'string' && isPolicyTrain(selected);
  // An override that does not apply would be silently ignored: refuse it and name the one that does.
  if (policyBlock && plan.epochs !== undefined) return { ok: false, message: 'this train block trains a policy (env: …), which plays episodes, not epochs — use --episodes' };
  if (!policyBlock && typeof selected !== 'string' && plan.episodes !== undefined) return { ok: false, message: 'episodes are for a policy train block (env: …); this one trains on data — use --epochs' };
  if (clean && policyBlock) {
    // A policy run holds one network and one episode batch: far below any memory budget.
    const policy = planPolicy(analysis, selected, { ...(plan.episodes === undefined ? {} : { episodes: plan.episodes }), ...(plan.seed === undefined ? {} : { seed: plan.seed }) });
    return policy.ok ? { ok: true, kind: 'policy', plan: policy.plan, run: new PolicyRun(policy.plan, { views: policyViews === true }) } : policy;
  }
  const planned = planTraining(analysis, { ...plan, fileAccess, documentFolder });
  if (!planned.ok) return planned;
  // From the checker's counts and headers, before any data set is built.
  const needed = estimateTrainingBytes(planned.plan);
  if (needed > memoryBudget) {
    return { ok: false, message: `this run needs about ${formatBytes(needed)}, more than the ${formatBytes(memoryBudget)} budget — use a smaller model, batch or number of steps (epochs × batches per epoch), limit the data, or ${raiseBudget}` };
  }
  const created = createRun(planned.plan);
  return created.ok ? { ok: true, kind: 'supervised', plan: planned.plan, run: created.run } : created;
}
