import type { WebviewToHostMessage } from '../protocol/panel-messages';

/** What the webview needs from where it runs: VS Code's webview API, or nothing (the report). */
export interface HostLink {
  /** True inside VS Code: messages reach the extension, findings can be revealed. */
  readonly live: boolean;
  post(message: WebviewToHostMessage): void;
  getState(): unknown;
  setState(state: unknown): void;
}

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

/** Connects to VS Code when `acquireVsCodeApi` exists (it may be called only once), else to nothing. */
export function connectHost(): HostLink {
  const acquire = (globalThis as { acquireVsCodeApi?: () => VsCodeApi }).acquireVsCodeApi;
  if (typeof acquire === 'function') {
    const api = acquire();
    return {
      live: true,
      post: (message) => api.postMessage(message),
      getState: () => api.getState(),
      setState: (state) => api.setState(state),
    };
  }
  let saved: unknown;
  return {
    live: false,
    post: () => undefined,
    getState: () => saved,
    setState: (state) => {
      saved = state;
    },
  };
}
