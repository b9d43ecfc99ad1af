import type { GraphExportMessage, GraphReadyMessage, GraphRevealMessage, GraphToHostMessage } from './graph-messages';
import { isTextRange } from './validate-events';
import { byType, literal, objectOf, oneOfValues, refine, stringUpTo, type Guard, type Guarded, type SameShape } from './validate';

/** The largest export the host accepts from the graph webview (a PNG of a large model at 2×, as a data: URL). */
export const maxGraphExportLength = 64 * 1024 * 1024;

const isReady = objectOf({ type: literal('ready') });
const isReveal = objectOf({ type: literal('reveal'), range: isTextRange });
const isExport = refine(objectOf({ type: literal('export'), format: oneOfValues('svg', 'png'), data: stringUpTo(maxGraphExportLength) }), (m) =>
  m.format === 'svg' ? m.data.startsWith('<svg') : m.data.startsWith('data:image/png;base64,'),
);

/** True for a well-formed message from the graph webview (a web page: what it says is input). */
export const isGraphToHostMessage: Guard<GraphToHostMessage> = byType({ ready: isReady, reveal: isReveal, export: isExport });

const _ready: SameShape<Guarded<typeof isReady>, GraphReadyMessage> = true;
const _reveal: SameShape<Guarded<typeof isReveal>, GraphRevealMessage> = true;
const _export: SameShape<Guarded<typeof isExport>, GraphExportMessage> = true;
void [_ready, _reveal, _export];
