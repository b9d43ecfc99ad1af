// The "Real output" blocks of the docs: a `<!-- real-output -->` line, then a fenced block whose
// first line is `$ COMMAND` and whose other lines are what COMMAND prints (stdout and stderr). A
// line that is only `…` stands for any number of lines. Timing (durations, steps/s, elapsedMs,
// time, stepsPerSecond, ETA) varies between runs and is masked on both sides; everything else
// must match exactly, since a seeded run is bit-identical on one machine.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromRoot } from './paths';

export const marker = '<!-- real-output -->';
export const elision = '…';

export interface RealOutputBlock {
  /** 0-based line of the `$ COMMAND` line in its file. */
  readonly line: number;
  readonly command: string;
  readonly expected: readonly string[];
}

/** Every marked block of a Markdown text; throws when a marker is not followed by `$ COMMAND` in a fence. */
export function realOutputBlocks(markdown: string): RealOutputBlock[] {
  const lines = markdown.split('\n');
  const blocks: RealOutputBlock[] = [];
  lines.forEach((text, i) => {
    if (text.trim() !== marker) return;
    const command = /^\$ (.+)$/.exec(lines[i + 2] ?? '')?.[1];
    if (!lines[i + 1]?.startsWith('```') || command === undefined) throw new Error(`line ${i + 1}: ${marker} must be followed by a fence whose first line is "$ COMMAND"`);
    const end = lines.findIndex((l, j) => j > i + 2 && l.startsWith('```'));
    if (end < 0) throw new Error(`line ${i + 1}: the block after ${marker} is not closed`);
    blocks.push({ line: i + 2, command, expected: lines.slice(i + 3, end) });
  });
  return blocks;
}

/** A folder with a `dlmodel` that runs the built dist/cli.js, to put first on PATH. */
function binFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'dlmodel-bin-'));
  const shim = join(folder, 'dlmodel');
  writeFileSync(shim, `#!/bin/sh\nexec "${process.execPath}" "${fromRoot('dist/cli.js')}" "$@"\n`);
  chmodSync(shim, 0o755);
  return folder;
}

let bin: string | undefined;

/** Runs a block's command with bash in the repository root, with `dlmodel` on PATH; stdout and stderr interleaved. */
export function runCommand(command: string): string[] {
  bin ??= binFolder();
  const result = spawnSync('bash', ['-c', `{ ${command}\n} 2>&1`], {
    cwd: fromRoot('.'),
    encoding: 'utf8',
    env: { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}`, NO_COLOR: '1' },
  });
  return result.stdout.replace(/\n$/, '').split('\n');
}

const masks: readonly [RegExp, string][] = [
  [/\b\d+(\.\d+)?s\b/g, '<seconds>s'], // 0.9s, 12s
  [/\b\d+m \d\ds\b/g, '<minutes>'],
  [/[\d,]+ steps\/s\b/g, '<n> steps/s'],
  [/ETA \S+/g, 'ETA <eta>'],
  [/"(elapsedMs|time|stepsPerSecond)": ?[-+.\deE]+/g, '"$1":<timing>'],
];

export function maskTiming(line: string): string {
  return masks.reduce((text, [pattern, replacement]) => text.replace(pattern, replacement), line);
}

/**
 * Where `actual` first departs from `expected` (masked; `…` matches any lines), or undefined when
 * it matches: the 1-based line of `expected` and what was printed there instead.
 */
export function firstMismatch(expected: readonly string[], actual: readonly string[]): string | undefined {
  const want = expected.map(maskTiming);
  const got = actual.map(maskTiming);
  const match = (e: number, a: number): boolean => {
    if (e === want.length) return a === got.length;
    if (want[e] === elision) {
      for (let skip = a; skip <= got.length; skip++) if (match(e + 1, skip)) return true;
      return false;
    }
    return a < got.length && want[e] === got[a] && match(e + 1, a + 1);
  };
  if (match(0, 0)) return undefined;
  // Report the first line that differs before the first elision, or after the last one.
  const show = (e: number, a: number): string => `line ${e + 1}: expected ${JSON.stringify(expected[e] ?? '(end)')}\n      printed ${JSON.stringify(actual[a] ?? '(end)')}`;
  for (let i = 0; i < want.length && want[i] !== elision; i++) if (want[i] !== got[i]) return show(i, i);
  for (let i = 1; i <= want.length && want[want.length - i] !== elision; i++) if (want[want.length - i] !== got[got.length - i]) return show(want.length - i, got.length - i);
  return `the lines between the elisions differ; printed ${actual.length} lines`;
}
