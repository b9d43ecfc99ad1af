import type { DiffReport } from '../core/ide/diff-report';

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
