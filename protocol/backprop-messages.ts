import type { BackpropTrace } from '../core/inspect/backprop';

/**
 * The messages between the extension host and the backpropagation webview
 * (`dlmodel: Step Through Backpropagation`). The host computes the whole trace (the model is tiny)
 * and the webview only walks it; the host also says which layer the editor's cursor is in.
 */
export type BackpropHostMessage =
  | { readonly type: 'trace'; readonly trace: BackpropTrace; readonly source: string }
  | { readonly type: 'refused'; readonly message: string; readonly source: string }
  | { readonly type: 'focus-layer'; readonly layer: string };

export type BackpropWebviewMessage = { readonly type: 'ready' };

/** Validates what the webview posts before the host acts on it. */
export function isBackpropWebviewMessage(value: unknown): value is BackpropWebviewMessage {
  if (typeof value !== 'object' || value === null) return false;
  const message = value as { type?: unknown };
  return message.type === 'ready' && Object.keys(message).length === 1;
}
