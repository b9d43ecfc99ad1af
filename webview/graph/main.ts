// The graph panel's entry point (bundled to dist/graph.js, its CSS to dist/graph.css).
import './graph.css';
import { GraphApp, type GraphHost } from './app';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

function connect(): GraphHost {
  const acquire = (globalThis as { acquireVsCodeApi?: () => VsCodeApi }).acquireVsCodeApi;
  if (typeof acquire === 'function') {
    const api = acquire();
    return { post: (m) => api.postMessage(m), getState: () => api.getState(), setState: (s) => api.setState(s) };
  }
  let saved: unknown;
  return { post: () => undefined, getState: () => saved, setState: (s) => (saved = s) };
}

function start(): void {
  const root = document.getElementById('dlmodel-root') ?? document.body.appendChild(document.createElement('main'));
  root.classList.add('graph-panel');
  new GraphApp(root, connect());
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
