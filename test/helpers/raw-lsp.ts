import { spawn, type ChildProcess } from 'node:child_process';
import { fromRoot } from './paths';

/** One framed JSON-RPC message: the header and the body's exact UTF-8 bytes. */
export function frame(message: unknown): Buffer {
  const body = Buffer.from(JSON.stringify(message), 'utf8');
  return Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]);
}

/**
 * The real `dlmodel lsp --stdio` spoken to in raw bytes, for framing tests: what is written is
 * exactly what the server reads; its (well-formed) output is parsed into messages.
 */
export class RawLspProcess {
  readonly process: ChildProcess;
  readonly messages: Array<{ id?: number | string; method?: string; result?: unknown; error?: unknown }> = [];
  stderr = '';
  private pending = Buffer.alloc(0);
  private readonly waiters: Array<() => void> = [];
  private readonly exited: Promise<number | null>;

  constructor() {
    this.process = spawn(process.execPath, [fromRoot('dist/cli.js'), 'lsp', '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.process.stdout!.on('data', (chunk: Buffer) => this.onData(chunk));
    this.process.stderr!.on('data', (chunk: Buffer) => {
      this.stderr += chunk.toString();
    });
    // A server that exits must not leave a test writing into a closed pipe.
    this.process.stdin!.on('error', () => undefined);
    this.exited = new Promise((resolve) => this.process.on('exit', (code) => resolve(code)));
    void this.exited.then(() => this.wake());
  }

  write(bytes: Buffer | string): void {
    this.process.stdin!.write(bytes);
  }

  /** Sends `initialize` and `initialized` (the server answers nothing else before). */
  async initialize(): Promise<void> {
    this.write(frame({ jsonrpc: '2.0', id: 0, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } }));
    await this.response(0);
    this.write(frame({ jsonrpc: '2.0', method: 'initialized', params: {} }));
  }

  /** Resolves with the response to request `id`, or rejects when the server exits first. */
  async response(id: number): Promise<{ result?: unknown; error?: unknown }> {
    for (;;) {
      const found = this.messages.find((m) => m.id === id && m.method === undefined);
      if (found) return found;
      if (this.process.exitCode !== null || this.process.signalCode !== null) throw new Error(`the server exited (${this.process.exitCode ?? this.process.signalCode}) before answering request ${id}; stderr: ${this.stderr}`);
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  /** Resolves when the process has exited, with its exit code. */
  exit(): Promise<number | null> {
    return this.exited;
  }

  stop(): void {
    if (this.process.exitCode === null && this.process.signalCode === null) this.process.kill();
  }

  private wake(): void {
    for (const resolve of this.waiters.splice(0)) resolve();
  }

  private onData(chunk: Buffer): void {
    this.pending = Buffer.concat([this.pending, chunk]);
    for (;;) {
      const headerEnd = this.pending.indexOf('\r\n\r\n');
      if (headerEnd < 0) break;
      const length = Number(/Content-Length: (\d+)/i.exec(this.pending.subarray(0, headerEnd).toString('ascii'))?.[1]);
      if (this.pending.length < headerEnd + 4 + length) break;
      this.messages.push(JSON.parse(this.pending.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8')));
      this.pending = this.pending.subarray(headerEnd + 4 + length);
    }
    this.wake();
  }
}
