import type { TextRange } from '../core/common/range';
import type { GraphView } from '../core/graph/types';

// ── the language server's `dlmodel/graph` request ────────────────────────────────────────────

/** The custom LSP request the graph view redraws from: the server answers from its cached analysis. */
export const graphRequestMethod = 'dlmodel/graph';

export interface GraphRequestParams {
  readonly textDocument: { readonly uri: string };
  /** The model to draw, by name; without it, the model holding `offset`, or the first. */
  readonly model?: string;
  /** A UTF-16 offset in the document (the cursor). */
  readonly offset?: number;
}

export interface GraphRequestResult {
  /** The document version the view was made from (offsets in it refer to that version). */
  readonly version: number;
  /** Null when the document has no model. */
  readonly view: GraphView | null;
  /** The names of the document's models, for a picker. */
  readonly models: readonly string[];
}

// ── graph panel: host → webview ───────────────────────────────────────────────────────────────

/** A new view of the model (after an edit): the webview redraws, keeping viewport and folds. */
export interface GraphViewMessage {
  readonly type: 'graph';
  readonly view: GraphView | null;
  /** The file, for the panel's title line and export names. */
  readonly path: string;
}

/** The editor's cursor moved: select the node whose statement holds `offset` (if any). */
export interface GraphCursorMessage {
  readonly type: 'cursor';
  readonly offset: number;
}

export type HostToGraphMessage = GraphViewMessage | GraphCursorMessage;

// ── graph panel: webview → host ───────────────────────────────────────────────────────────────

export interface GraphReadyMessage {
  readonly type: 'ready';
}

/** A node was clicked (or chosen with Enter): reveal and select its statement. */
export interface GraphRevealMessage {
  readonly type: 'reveal';
  readonly range: TextRange;
}

/** Export the picture: an SVG document, or a PNG as a data: URL. */
export interface GraphExportMessage {
  readonly type: 'export';
  readonly format: 'svg' | 'png';
  readonly data: string;
}

export type GraphToHostMessage = GraphReadyMessage | GraphRevealMessage | GraphExportMessage;
