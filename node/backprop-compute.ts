import { checkDocument } from '../core/analysis';
import type { FileAccess } from '../core/analysis/file-access';
import { buildBackpropTrace, planTraining } from '../core/train';
import { BudgetedFileAccess } from '../core/train/budgeted-access';
import type { BackpropHostMessage } from '../protocol/backprop-messages';
import { NodeFileAccess } from './node-file-access';

/** What the step-through needs to plan a document: its text and, when data files may be read, where. */
export interface BackpropRequest {
  readonly text: string;
  /** The document's label in messages. */
  readonly source: string;
  /** The workspace folder, only for a saved document in a trusted workspace (else no file is read). */
  readonly workspaceRoot?: string;
  readonly documentFolder: string;
  readonly memoryBudget: number;
}

/** The webview's `trace` or `refused` message for a document: check, plan, trace (core/train/backprop.ts). */
export function computeBackprop(request: BackpropRequest): Extract<BackpropHostMessage, { type: 'trace' | 'refused' }> {
  const { source, documentFolder } = request;
  const fileAccess: FileAccess | undefined = request.workspaceRoot === undefined ? undefined : new BudgetedFileAccess(new NodeFileAccess(request.workspaceRoot), request.memoryBudget);
  const access = fileAccess ? { fileAccess } : {};
  const analysis = checkDocument(request.text, { ...access, documentFolder });
  const planned = planTraining(analysis, { ...access, documentFolder, whereErrorsAre: 'see the Problems panel' });
  if (!planned.ok) return { type: 'refused', message: planned.message, source };
  const result = buildBackpropTrace(planned.plan);
  return result.ok ? { type: 'trace', trace: result.trace, source } : { type: 'refused', message: result.message, source };
}
