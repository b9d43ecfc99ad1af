import * as lsp from 'vscode-languageserver';
import { buildGraphView, pickModel } from '../core/graph';
import { graphRequestMethod, type GraphRequestParams, type GraphRequestResult } from '../protocol/graph-messages';
import type { ServerState } from './server-state';

/** `dlmodel/graph`: the graph view of a model, built from the analysis the server already cached for this version. */
export const graphRequest = new lsp.RequestType<GraphRequestParams, GraphRequestResult | null, void>(graphRequestMethod);

export function answerGraphRequests(state: ServerState): void {
  state.connection.onRequest(
    graphRequest,
    state.handle('graph', (document, params: GraphRequestParams, analysis): GraphRequestResult => {
      const offset = typeof params.offset === 'number' && Number.isFinite(params.offset) ? params.offset : undefined;
      const name = typeof params.model === 'string' ? params.model : undefined;
      // A model renamed while the panel shows it is found again by the cursor.
      const model = (name === undefined ? undefined : pickModel(analysis, { name })) ?? pickModel(analysis, offset === undefined ? {} : { offset });
      return { version: document.version, view: model ? buildGraphView(analysis, model) : null, models: analysis.models.map((m) => m.name) };
    }),
  );
}
