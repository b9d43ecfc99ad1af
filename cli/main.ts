import { existsSync, statSync } from 'node:fs';
import { generationDefaults, maxGenerationLength, maxSeed, maxTopK } from '../core/generate/defaults';
import { enableRelaxedSimd } from '../node/wasm-features';
import { useNativeGunzip } from '../node/native-gunzip';
import { useKernelThreads } from '../node/kernel-threads';
import { kernelThreadsSetting } from '../node/thread-count';
import { maxEpisodes, maxEpochs } from '../core/analysis/catalog';
import { runCheck } from './check-command';
import { runTrain } from './train-command';
import { runExport } from './export-command';
import { runDiff } from './diff-command';
import { runGenerate } from './generate-command';
import { graphFormats, runGraph, type GraphFormat } from './graph-command';
import { runSweep } from './sweep-command';
import { defaultWorkerCount } from '../node/sweep-pool';
import { UsageError, type Output } from './output';
import { ArgumentError, integerOption, numberOption, parseCommandLine, unknownCommand, type CommandLine } from './arguments';
import type * as LanguageServerNode from 'vscode-languageserver/node';
import type * as DlmodelServer from '../server/server';
import type * as StdioFraming from '../server/stdio-framing';

const version = '0.1.0';

const usage = `dlmodel ${version} — check and train .dlmodel deep-learning models

Usage:
  dlmodel check FILE… [--json] [--root DIR]   summarise models and report diagnostics
  dlmodel train FILE [--train NAME] [--epochs N] [--episodes N] [--seed N] [--report OUT.html] [--save W]
                [--init W] [--replay RECORD] [--json] [--root DIR] [--memory MB] [--threads N]
                                              train a model (a progress bar on a terminal)
  dlmodel export FILE --to pytorch|onnx [--out PATH] [--train NAME | --model NAME] [--epochs N | --episodes N] [--seed N]
                 [--init FILE] [--root DIR]   write a PyTorch training folder or an ONNX model (docs/export.md)
  dlmodel sweep FILE [--train NAME] [--workers N] [--json] [--root DIR] [--memory MB]
                                              run the train block's sweep: a line per run, then a table
  dlmodel diff A B [--model NAME] [--all] [--json] [--root DIR]
                                              compare two versions of a model layer by layer
  dlmodel graph FILE --to svg|dot|mermaid [--model NAME]
                                              draw the model's graph (standard output; docs/graph.md)
  dlmodel generate FILE [--weights W] [--prompt TEXT] [--length N] [--temperature T] [--top-k K] [--seed N]
                                              write text from a trained text model, as it samples
  dlmodel lsp --stdio                         run the language server (for Neovim, Helix, Emacs, …)
  dlmodel --version | --help

Options:
  --json        print one JSON object instead of tables
  --root DIR    the workspace folder data paths must stay inside (default: the current folder)
  --train NAME  which train block to run (needed when the file has several)
  --epochs N    --seed N   override the train block's values
  --episodes N  train/export: override a policy train block's episodes (env: …)
  --memory MB   refuse a run estimated to need more memory (default 2048)
  --threads N   train: threads for the large matrix products and convolutions (default 1;
                the same results for any N)
  --report F    write a self-contained HTML report of the run (the editor's panels, offline)
  --save F      train: write the trained weights as safetensors (PyTorch layout and names); for a
                supervised run a checkpoint, with the optimizer state
  --init F      train/export: start from these weights (safetensors) instead of the seed's;
                train: a checkpoint from --save resumes its run after its last epoch
  --replay R    train: rerun a record (train --json lines with control lines) bit for bit
  --to FORMAT   export: pytorch (a folder: model.py, train.py, weights, data) or onnx (one file);
                graph: svg, dot (Graphviz) or mermaid (renders in GitHub Markdown)
  --out PATH    export: where to write (default: next to FILE); must stay inside --root
  --model NAME  export this model rather than the one the train block trains;
                diff: compare this model of both files (default: each file's first model);
                graph: draw this model
  --all         diff: list unchanged layers too
  --weights W   generate: the trained weights (default: FILE's name with .safetensors, from train --save)
  --prompt TEXT generate: the text to continue (default: none, a new line)
  --length N    generate: characters to sample (default 200)
  --temperature T  generate: below 1 sharper, above 1 more varied, 0 always the likeliest (default 1)
  --top-k K     generate: sample among the K likeliest characters only (default 0: all)
  --workers N   sweep: runs at a time, one worker thread each (default: one per core)

Exit status: 0 no errors (check), a completed run (train) or no difference (diff); 1 errors,
a failed run or a difference (diff); 2 usage error, unreadable file or nothing to compare (diff);
70 internal error (a bug in dlmodel: please report it).`;

/** sysexits.h's EX_SOFTWARE: a defect of ours, told apart from every mistake a user can make. */
const internalErrorStatus = 70;

const commands = ['check', 'train', 'export', 'sweep', 'diff', 'graph', 'generate', 'lsp'] as const;

/** `--root DIR`, which must be an existing folder. */
function rootOption(text: string | undefined): string {
  const root = text ?? '.';
  if (!existsSync(root) || !statSync(root).isDirectory()) throw new ArgumentError(`--root ${root} is not a folder`);
  return root;
}

/** Only the options that were given, so absent ones stay absent (exactOptionalPropertyTypes-friendly). */
function given<T extends Record<string, unknown>>(options: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}

/** The options that pick and reproduce a run, shared by train and export: one place for their ranges. */
const runOptionNames = ['train', 'init', 'epochs', 'seed'] as const;
type RunOptionName = (typeof runOptionNames)[number];

function runOptions(line: CommandLine<string, RunOptionName>): { train?: string; init?: string; epochs?: number; seed?: number } {
  return given({
    train: line.value('train'),
    init: line.value('init'),
    epochs: integerOption('epochs', line.value('epochs'), 1, maxEpochs),
    seed: integerOption('seed', line.value('seed'), 0, 4294967295),
  });
}

function check(args: readonly string[], output: Output): number {
  const line = parseCommandLine('check', args, ['json'], ['root']);
  if (line.help) return printUsage(output);
  return runCheck({ files: line.positionals, json: line.flag('json'), root: rootOption(line.value('root')) }, output);
}

function train(args: readonly string[], output: Output): number {
  const line = parseCommandLine('train', args, ['json'], ['root', 'memory', 'report', 'save', 'episodes', 'replay', 'threads', ...runOptionNames]);
  if (line.help) return printUsage(output);
  const root = rootOption(line.value('root'));
  if (line.positionals.length !== 1) throw new ArgumentError(`train takes one .dlmodel file; got ${line.positionals.length}`);
  const memory = integerOption('memory', line.value('memory'), 1, 1_048_576) ?? 2048;
  useKernelThreads(kernelThreadsSetting(integerOption('threads', line.value('threads'), 1, 64)));
  return runTrain(
    {
      file: line.positionals[0]!,
      json: line.flag('json'),
      root,
      memoryBudget: memory * 1024 * 1024,
      ...given({ report: line.value('report'), save: line.value('save'), replay: line.value('replay'), episodes: integerOption('episodes', line.value('episodes'), 1, maxEpisodes) }),
      ...runOptions(line),
    },
    output,
  );
}

function sweep(args: readonly string[], output: Output): number {
  const line = parseCommandLine('sweep', args, ['json'], ['root', 'memory', 'train', 'workers']);
  if (line.help) return printUsage(output);
  const root = rootOption(line.value('root'));
  if (line.positionals.length !== 1) throw new ArgumentError(`sweep takes one .dlmodel file; got ${line.positionals.length}`);
  const memory = integerOption('memory', line.value('memory'), 1, 1_048_576) ?? 2048;
  const workers = integerOption('workers', line.value('workers'), 1, 256) ?? defaultWorkerCount();
  const run = runSweep({ file: line.positionals[0]!, json: line.flag('json'), root, memoryBudget: memory * 1024 * 1024, workers, ...given({ train: line.value('train') }) }, output);
  // The runs take their time in worker threads; the status is set when the last has ended.
  run.then(
    (status) => (process.exitCode = status),
    (error: unknown) => {
      output.stderr(`dlmodel: internal error: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = internalErrorStatus;
    },
  );
  return -1;
}

function exportCommand(args: readonly string[], output: Output): number {
  const line = parseCommandLine('export', args, [], ['to', 'out', 'root', 'model', 'episodes', ...runOptionNames]);
  if (line.help) return printUsage(output);
  const root = rootOption(line.value('root'));
  if (line.positionals.length !== 1) throw new ArgumentError(`export takes one .dlmodel file; got ${line.positionals.length}`);
  const to = line.value('to');
  if (to !== 'pytorch' && to !== 'onnx') throw new ArgumentError(to === undefined ? 'export needs --to pytorch or --to onnx' : `--to must be pytorch or onnx; got '${to}'`);
  return runExport(
    {
      file: line.positionals[0]!,
      to,
      root,
      ...given({ out: line.value('out'), model: line.value('model'), episodes: integerOption('episodes', line.value('episodes'), 1, maxEpisodes) }),
      ...runOptions(line),
    },
    output,
  );
}

function diff(args: readonly string[], output: Output): number {
  const line = parseCommandLine('diff', args, ['json', 'all'], ['root', 'model']);
  if (line.help) return printUsage(output);
  const root = rootOption(line.value('root'));
  if (line.positionals.length !== 2) throw new ArgumentError(`diff takes two .dlmodel files, before and after; got ${line.positionals.length}`);
  const [before, after] = line.positionals as [string, string];
  return runDiff({ before, after, root, json: line.flag('json'), all: line.flag('all'), ...given({ model: line.value('model') }) }, output);
}

function generate(args: readonly string[], output: Output): number {
  const line = parseCommandLine('generate', args, [], ['weights', 'prompt', 'length', 'temperature', 'top-k', 'seed', 'train']);
  if (line.help) return printUsage(output);
  if (line.positionals.length !== 1) throw new ArgumentError(`generate takes one .dlmodel file; got ${line.positionals.length}`);
  return runGenerate(
    {
      file: line.positionals[0]!,
      prompt: line.value('prompt') ?? '',
      length: integerOption('length', line.value('length'), 0, maxGenerationLength) ?? generationDefaults.length,
      temperature: numberOption('temperature', line.value('temperature'), 0, 100) ?? generationDefaults.temperature,
      topK: integerOption('top-k', line.value('top-k'), 0, maxTopK) ?? generationDefaults.topK,
      seed: integerOption('seed', line.value('seed'), 0, maxSeed) ?? generationDefaults.seed,
      ...given({ weights: line.value('weights'), train: line.value('train') }),
    },
    output,
  );
}

function graph(args: readonly string[], output: Output): number {
  const line = parseCommandLine('graph', args, [], ['to', 'model']);
  if (line.help) return printUsage(output);
  if (line.positionals.length !== 1) throw new ArgumentError(`graph takes one .dlmodel file; got ${line.positionals.length}`);
  const to = line.value('to') ?? 'svg';
  if (!(graphFormats as readonly string[]).includes(to)) throw new ArgumentError(`--to must be svg, dot or mermaid; got '${to}'`);
  return runGraph({ file: line.positionals[0]!, to: to as GraphFormat, ...given({ model: line.value('model') }) }, output);
}

function lsp(args: readonly string[]): number {
  if (!args.includes('--stdio')) throw new ArgumentError('lsp speaks the Language Server Protocol on standard input/output: run `dlmodel lsp --stdio`');
  // Loaded on demand: checking files should not pay for the server's start-up.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createConnection, ProposedFeatures } = require('vscode-languageserver/node') as typeof LanguageServerNode;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { startServer } = require('../server/server') as typeof DlmodelServer;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { resyncingStdin } = require('../server/stdio-framing') as typeof StdioFraming;
  startServer(createConnection(ProposedFeatures.all, resyncingStdin(), process.stdout));
  return -1;
}

function printUsage(output: Output): number {
  output.stdout(usage);
  return 0;
}

/** Runs the CLI with the given arguments; returns the exit status (-1: a server keeps running). Never throws. */
export function main(argv: readonly string[], output: Output): number {
  try {
    const [command, ...rest] = argv;
    if (command === undefined) {
      output.stderr(usage);
      return 2;
    }
    if (command === '--help' || command === '-h' || command === 'help') return printUsage(output);
    if (command === '--version' || command === '-v') {
      output.stdout(version);
      return 0;
    }
    switch (command) {
      case 'check':
        return check(rest, output);
      case 'train':
        return train(rest, output);
      case 'export':
        return exportCommand(rest, output);
      case 'sweep':
        return sweep(rest, output);
      case 'diff':
        return diff(rest, output);
      case 'generate':
        return generate(rest, output);
      case 'graph':
        return graph(rest, output);
      case 'lsp':
        return lsp(rest);
      default:
        throw unknownCommand(command, commands);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      // One line that names the fix; the whole usage would bury it.
      output.stderr(`dlmodel: ${error.message}${error instanceof ArgumentError ? ' (dlmodel --help for more)' : ''}`);
      return 2;
    }
    // A bug of ours: say so plainly, without a stack trace, and point at where to report it.
    output.stderr(`dlmodel: internal error: ${error instanceof Error ? error.message : String(error)}\nPlease report this with the file that caused it. Set DLMODEL_DEBUG=1 for details.`);
    if (process.env.DLMODEL_DEBUG === '1' && error instanceof Error) output.stderr(error.stack ?? '');
    return internalErrorStatus;
  }
}

if (require.main === module) {
  // `dlmodel train … | head` closes the pipe early: that is the reader's choice, not an error.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw error;
    });
  }
  const output: Output = {
    stdout: (text) => process.stdout.write(text + '\n'),
    stderr: (text) => process.stderr.write(text + '\n'),
    colour: process.stdout.isTTY === true && !process.env.NO_COLOR,
    ...(process.stderr.isTTY === true ? { progress: (text: string) => void process.stderr.write(text) } : {}),
    write: (text) => void process.stdout.write(text),
  };
  enableRelaxedSimd();
  useNativeGunzip();
  const status = main(process.argv.slice(2), output);
  if (status >= 0) process.exitCode = status;
}
