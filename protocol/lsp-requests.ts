import type { SweepMetric } from '../core/analysis/catalog';
import type { SweepHalving } from '../core/analysis/sweep-checker';
import type { DiffReport } from '../core/ide/diff-report';
import type { SweepConfiguration, SweepSetting, SweepTextEdit } from '../core/train/sweep';

/**
 * The language server's own requests (beyond LSP's), shared by server/ and extension/ so the
 * method names and payloads cannot drift apart.
 */

/**
 * `dlmodel/modelDiff`: the diff of the open document (after) against another text of it (before:
 * the committed version, another file), each checked by the server, as `dlmodel diff --json`
 * reports it.
 */
export const modelDiffRequest = 'dlmodel/modelDiff';

export interface ModelDiffParams {
  readonly textDocument: { readonly uri: string };
  /** The text to compare against (the "before" side). */
  readonly otherText: string;
  /** How reports name the other side: `HEAD`, a workspace-relative path. */
  readonly otherLabel: string;
  /** How reports name the open document. */
  readonly label: string;
}

/** The report, or the one-line reason there is none (a side without a model). */
export type ModelDiffResult = { readonly report: DiffReport } | { readonly problem: string };

/**
 * `dlmodel/sweepPlan`: the runs of the open document's sweep (the named train block's, or the only
 * one with a `sweep:`), from the server's analysis of the version the client names. The extension
 * host asks the server instead of checking the file itself, so the checker, the catalog and the
 * data readers load once, in the server, and not again in the host.
 */
export const sweepPlanRequest = 'dlmodel/sweepPlan';

export interface SweepPlanParams {
  readonly textDocument: { readonly uri: string };
  /** The document version the client is about to run; another version on the server is `stale`. */
  readonly version: number;
  readonly trainName?: string;
}

/** What the pool and the Sweep tab need of a checked sweep. */
export interface SweepPlan {
  readonly trainName: string | null;
  readonly metric: SweepMetric;
  readonly keys: readonly string[];
  /** The train block's epochs (each run's, unless the sweep sets them) and its halving, for the pool's rungs. */
  readonly epochs: number;
  readonly earlyStop: SweepHalving | null;
  readonly configurations: readonly SweepConfiguration[];
}

export type SweepPlanResult =
  | { readonly kind: 'plan'; readonly plan: SweepPlan }
  | { readonly kind: 'errors'; readonly count: number; readonly first: string }
  | { readonly kind: 'no-sweep' }
  | { readonly kind: 'stale' };

/**
 * `dlmodel/sweepApply`: the edits that write a finished run's settings into the open document's
 * train block (Apply to file), or why they cannot be made.
 */
export const sweepApplyRequest = 'dlmodel/sweepApply';

export interface SweepApplyParams {
  readonly textDocument: { readonly uri: string };
  readonly version: number;
  readonly settings: readonly SweepSetting[];
  readonly trainName?: string;
}

export type SweepApplyResult = { readonly edits: readonly SweepTextEdit[] } | { readonly problem: string };
