// Latency of the language server through the real protocol (dlmodel lsp --stdio, JSON-RPC over
// pipes) on a 2,000-line file: diagnostics after an edit, hover, completion. Each figure is also
// given as a ratio to a protocol floor measured in the same run: a hover on an empty document.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspTestClient, positionAt } from '../test/helpers/lsp-client';
import { syntheticModel } from './check-bench';

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

export interface LspBenchRow {
  readonly name: string;
  readonly p50: number;
  readonly p95: number;
  readonly targetMs: number;
  readonly floorMs: number;
}

/** Runs the protocol benchmarks; returns one row per measured operation. */
export async function runLspBench(): Promise<LspBenchRow[]> {
  const folder = mkdtempSync(join(tmpdir(), 'dlmodel-lsp-bench-'));
  const client = await LspTestClient.start(folder);
  try {
    const text = syntheticModel(2000);
    const uri = pathToFileURL(join(folder, 'big.dlmodel')).href;
    const empty = pathToFileURL(join(folder, 'empty.dlmodel')).href;
    await client.open(uri, text);
    await client.open(empty, '');
    const time = async (work: () => Promise<unknown>): Promise<number> => {
      const started = performance.now();
      await work();
      return performance.now() - started;
    };
    const floor: number[] = [];
    for (let i = 0; i < 200; i++) floor.push(await time(() => client.request('textDocument/hover', { textDocument: { uri: empty }, position: { line: 0, character: 0 } })));
    const floorMs = percentile(floor, 50);

    const edits: number[] = [];
    const line = Math.floor(text.split('\n').length / 2);
    for (let i = 0; i < 60; i++) {
      // Type a digit into a comment line's end and take it out again: two versions per round.
      const position = { line, character: 0 };
      edits.push(await time(() => client.change(uri, [{ range: { start: position, end: position }, text: '# x\n' }])));
      edits.push(await time(() => client.change(uri, [{ range: { start: position, end: { line: line + 1, character: 0 } }, text: '' }])));
    }
    const layerOffsets = [...text.matchAll(/conv2d\(/g)].map((m) => m.index);
    const hovers: number[] = [];
    const completions: number[] = [];
    for (let i = 0; i < 300; i++) {
      const offset = layerOffsets[(i * 7919) % layerOffsets.length] as number;
      hovers.push(await time(() => client.request('textDocument/hover', { textDocument: { uri }, position: positionAt(text, offset + 2) })));
      completions.push(await time(() => client.request('textDocument/completion', { textDocument: { uri }, position: positionAt(text, offset + 'conv2d('.length) })));
    }
    return [
      { name: 'diagnostics after an edit', p50: percentile(edits, 50), p95: percentile(edits, 95), targetMs: 50, floorMs },
      { name: 'hover', p50: percentile(hovers, 50), p95: percentile(hovers, 95), targetMs: 20, floorMs },
      { name: 'completion', p50: percentile(completions, 50), p95: percentile(completions, 95), targetMs: 20, floorMs },
    ];
  } finally {
    await client.stop();
  }
}
