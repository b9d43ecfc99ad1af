// The backpropagation step-through webview (dist/backprop.js): receives the trace the host
// computed from the engine's tape and walks it with buttons and keys. Text only via textContent;
// every host message is checked for its shape before use.
import './backprop.css';
import type { BackpropTrace } from '../../core/inspect/backprop';
import type { BackpropHostMessage, BackpropWebviewMessage } from '../../protocol/backprop-messages';
import { backward, finishBackward, forward, startCursor, step, type Cursor } from './stepper';
import { html } from './svg';
import { BackpropView } from './view';

interface VsCodeApi {
  postMessage(message: BackpropWebviewMessage): void;
  getState(): unknown;
  setState(state: unknown): void;
}

const acquire = (globalThis as { acquireVsCodeApi?: () => VsCodeApi }).acquireVsCodeApi;
const api: VsCodeApi | undefined = typeof acquire === 'function' ? acquire() : undefined;
const root = document.getElementById('dlmodel-root')!;
let session: { trace: BackpropTrace; view: BackpropView; cursor: Cursor; source: string } | null = null;

function move(next: (trace: BackpropTrace, cursor: Cursor) => Cursor): void {
  if (!session) return;
  session.cursor = next(session.trace, session.cursor);
  session.view.render(session.cursor);
  api?.setState({ source: session.source, model: session.trace.model, cursor: session.cursor });
}

function button(label: string, key: string, action: () => void): HTMLButtonElement {
  const element = html('button', '', label);
  element.type = 'button';
  element.title = `${label} (${key})`;
  element.setAttribute('aria-keyshortcuts', key);
  element.addEventListener('click', action);
  return element;
}

function showTrace(trace: BackpropTrace, source: string): void {
  root.replaceChildren();
  const header = html('header', 'controls');
  header.append(html('h1', '', `Backpropagation: ${trace.model} · ${trace.loss}`));
  const select = html('select', '');
  select.setAttribute('aria-label', 'optimizer');
  trace.optimizers.forEach((optimizer, k) => {
    const option = html('option', '', `${optimizer.label}${optimizer.fromFile ? ' — from the file' : ''}`);
    option.value = String(k);
    select.append(option);
  });
  select.addEventListener('change', () => move(() => startCursor(Number(select.value))));
  header.append(
    button('Forward', 'F', () => move(forward)),
    button('Backward', 'B', () => move(backward)),
    button('Whole backward pass', 'Shift+B', () => move(finishBackward)),
    button('Step', 'S', () => move(step)),
    button('Reset', 'R', () => move((_, c) => startCursor(c.optimizer))),
    select,
  );
  root.append(header);
  const body = html('div', 'body');
  root.append(body);
  const view = new BackpropView(trace, body, (scalar) => view.select(scalar));
  const saved = api?.getState() as { source?: string; model?: string; cursor?: Cursor } | undefined;
  const cursor = saved?.source === source && saved.model === trace.model && saved.cursor && trace.optimizers[saved.cursor.optimizer]?.iterations[saved.cursor.iteration] ? saved.cursor : startCursor();
  select.value = String(cursor.optimizer);
  session = { trace, view, cursor, source };
  view.render(cursor);
}

function showRefusal(message: string): void {
  session = null;
  root.replaceChildren(html('p', 'refused', message));
}

function focusLayer(layer: string): void {
  if (!session) return;
  const { trace } = session;
  const tensor = trace.tensors.find((t) => t.layer === layer && t.role === 'weight') ?? trace.tensors.find((t) => t.layer === layer);
  if (tensor) session.view.select(tensor.firstScalar);
}

function isHostMessage(value: unknown): value is BackpropHostMessage {
  if (typeof value !== 'object' || value === null) return false;
  const message = value as Record<string, unknown>;
  switch (message['type']) {
    case 'trace':
      return typeof message['source'] === 'string' && typeof message['trace'] === 'object' && message['trace'] !== null && Array.isArray((message['trace'] as { optimizers?: unknown }).optimizers);
    case 'refused':
      return typeof message['message'] === 'string' && typeof message['source'] === 'string';
    case 'focus-layer':
      return typeof message['layer'] === 'string';
    default:
      return false;
  }
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const message = event.data;
  if (!isHostMessage(message)) return;
  if (message.type === 'trace') showTrace(message.trace, message.source);
  else if (message.type === 'refused') showRefusal(message.message);
  else focusLayer(message.layer);
});

window.addEventListener('keydown', (event) => {
  if (event.target instanceof HTMLSelectElement || event.ctrlKey || event.metaKey || event.altKey) return;
  const key = event.key.toLowerCase();
  const action = key === 'f' ? forward : key === 'b' ? (event.shiftKey ? finishBackward : backward) : key === 's' ? step : key === 'r' ? (_: BackpropTrace, c: Cursor) => startCursor(c.optimizer) : undefined;
  if (!action) return;
  event.preventDefault();
  move(action);
});

root.append(html('p', 'waiting', 'Computing the step from the engine’s tape…'));
api?.postMessage({ type: 'ready' });
