// `npm run bench`: prints each benchmark's figures, its target, and its ratio to a reference
// measured in the same process or run. Exits 1 when a target is missed. Names after `--` run only
// those sections: `npm run bench -- train fashion`.
import { loadavg } from 'node:os';
import { runCheckBench } from './check-bench';
import { runLspBench } from './lsp-bench';
import { printTrainBench, runTrainBench } from './train-bench';
import { printKernelBench, runKernelBench } from './kernel-bench';
import { printLandscapeBench, runLandscapeBench } from './landscape-bench';
import { printPanelBench, runPanelBench } from './panel-bench';
import { printWorkerBench, runWorkerBench } from './worker-bench';
import { printLiveLandscapeBench, runLiveLandscapeBench } from './live-landscape-bench';
import { printGraphBench, runGraphBench } from './graph-bench';
import { printFashionBench, runFashionBench } from './fashion-bench';
import { printExampleBench, runExampleBench } from './example-export-bench';
import { printCoresBench, runCoresBench } from './cores-bench';
import { printSweepBench, runSweepBench } from './sweep-bench';
import { printGenerateBench, runGenerateBench } from './generate-bench';
import { printGptTrainBench, runGptTrainBench } from './gpt-train-bench';
import { printStopBench } from './stop-bench';
import { printBundleBench, runBundleBench } from './bundle-bench';

function printCheckBench(): number {
  let missed = 0;
  console.log(`language core (in process, CPU time; load average ${loadavg()[0]!.toFixed(1)})`);
  console.log('                                lines   median ms   target ms   ×JSON.parse({text, lines}), per-round median');
  for (const row of runCheckBench()) {
    const ok = row.medianMs < row.targetMs;
    if (!ok) missed++;
    console.log(`${row.name.padEnd(30)} ${String(row.lines).padStart(6)}   ${row.medianMs.toFixed(2).padStart(9)}   ${(Number.isFinite(row.targetMs) ? '< ' + row.targetMs : '—').padStart(9)}   ${row.ratio.toFixed(1).padStart(8)}  ${ok ? 'ok' : 'MISSED'}`);
  }
  return missed;
}

async function printLspBench(): Promise<number> {
  let missed = 0;
  console.log('\nlanguage server (LSP over stdio, 2,000-line file)   p50 ms   p95 ms   target   ×protocol floor (p95)');
  for (const row of await runLspBench()) {
    const ok = row.p95 < row.targetMs;
    if (!ok) missed++;
    console.log(`${row.name.padEnd(50)} ${row.p50.toFixed(2).padStart(7)}  ${row.p95.toFixed(2).padStart(7)}   ${('< ' + row.targetMs).padStart(6)}   ${(row.p95 / row.floorMs).toFixed(1).padStart(6)}  ${ok ? 'ok' : 'MISSED'}  (floor p50 ${row.floorMs.toFixed(2)} ms)`);
  }
  return missed;
}

/** Each section: its name on the command line (`npm run bench -- train fashion` runs those two) and what runs and prints it; returns the missed targets. */
const sections: ReadonlyArray<readonly [string, () => number | Promise<number>]> = [
  ['check', printCheckBench],
  ['lsp', printLspBench],
  ['cores', async () => printCoresBench(await runCoresBench())],
  ['train', async () => printTrainBench(await runTrainBench())],
  ['fashion', () => printFashionBench(runFashionBench())],
  ['resnet', () => printExampleBench(runExampleBench())],
  ['kernels', async () => printKernelBench(await runKernelBench())],
  ['landscape', () => printLandscapeBench(runLandscapeBench())],
  ['worker', async () => printWorkerBench(await runWorkerBench())],
  ['stop', printStopBench],
  ['live-landscape', async () => printLiveLandscapeBench(await runLiveLandscapeBench())],
  ['sweep', async () => printSweepBench(await runSweepBench())],
  ['panel', async () => printPanelBench(await runPanelBench())],
  ['graph', () => printGraphBench(runGraphBench())],
  ['gpt', async () => printGptTrainBench(await runGptTrainBench())],
  ['generate', () => printGenerateBench(runGenerateBench())],
  ['bundles', async () => printBundleBench(await runBundleBench())],
];

async function main(): Promise<void> {
  const chosen = process.argv.slice(2);
  const unknown = chosen.filter((name) => !sections.some(([known]) => known === name));
  if (unknown.length > 0) {
    console.error(`unknown bench section ${unknown.join(', ')}; the sections are ${sections.map(([name]) => name).join(', ')}`);
    process.exitCode = 2;
    return;
  }
  let missed = 0;
  for (const [name, run] of sections) if (chosen.length === 0 || chosen.includes(name)) missed += await run();
  process.exitCode = missed > 0 ? 1 : 0;
}

void main();
