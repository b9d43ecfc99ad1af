import { checkDocument } from '../core/analysis';
import { diffReport } from '../core/ide';
import { modelDiffRequest, type ModelDiffParams, type ModelDiffResult } from '../protocol/lsp-requests';
import type { ServerState } from './server-state';

/**
 * Answers `dlmodel/modelDiff`: the open document's cached analysis against a freshly checked other
 * text (read by the client: the committed version, another file). The other text is checked
 * without file access: a diff compares models, and a data probe would read files for nothing.
 * checkDocument bounds its work, so a huge or hostile text costs no more than an open document.
 */
export function answerModelDiff(state: ServerState): void {
  state.connection.onRequest(
    modelDiffRequest,
    state.handle('model diff', (document, params: ModelDiffParams, analysis): ModelDiffResult => {
      if (typeof params.otherText !== 'string') return { problem: 'nothing to compare with' };
      const before = { label: String(params.otherLabel), text: params.otherText, analysis: checkDocument(params.otherText) };
      const after = { label: String(params.label), text: document.getText(), analysis };
      const result = diffReport(before, after);
      return 'problem' in result ? result : { report: result };
    }),
  );
}
