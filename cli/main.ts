import { existsSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { runCheck } from './check-command';
import { runTrain } from './train-command';
import { runExport } from './export-command';
import { UsageError, type Output } from './output';
import type * as LanguageServerNode from 'vscode-languageserver/node';
import type * as DlmodelServer from '../server/server';

const version = '0.1.0';

const usage = `dlmodel ${version} — check and train .dlmodel deep-learning models

Usage:
  dlmodel check FILE… [--json] [--root DIR]   summarise models and report diagnostics
  dlmodel train FILE [--train NAME] [--epochs N] [--seed N] [--report OUT.html] [--save W] [--init W]
                [--json] [--root DIR] [--memory MB]
                                              train a model (a progress bar on a terminal)
  dlmodel export FILE --to pytorch|onnx [--out PATH] [--train NAME | --model NAME] [--epochs N] [--seed N]
                 [--init FILE] [--root DIR]   write a PyTorch training folder or an ONNX model (docs/export.md)
  dlmodel lsp --stdio                         run the language server (for Neovim, Helix, Emacs, …)
  dlmodel --version | --help

Options:
  --json        print one JSON object instead of tables
  --root DIR    the workspace folder data paths must stay inside (default: the current folder)
  --train NAME  which train block to run (needed when the file has several)
  --epochs N    --seed N   override the train block's values
  --memory MB   refuse a run estimated to need more memory (default 2048)
  --report F    write a self-contained HTML report of the run (the editor's panels, offline)
  --save F      train: write the trained weights as safetensors (PyTorch layout and names)
  --init F      train/export: start from these weights (safetensors) instead of the seed's
  --to FORMAT   export: pytorch (a folder: model.py, train.py, weights, data) or onnx (one file)
  --out PATH    export: where to write (default: next to FILE); must stay inside --root
  --model NAME  export this model rather than the one the train block trains

Exit status: 0 no errors (check) or a completed run (train), 1 errors or a failed run,
2 usage error or unreadable file.`;

/** An integer option in [min, max], or undefined when absent; anything else is a usage error. */
function integerOption(name: string, text: string | undefined, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) throw new UsageError(`--${name} must be an integer from ${min} to ${max}; got '${text}'`);
  return value;
}

/** Runs the CLI with the given arguments; returns the exit status (-1: a server keeps running). Never throws. */
export function main(argv: readonly string[], output: Output): number {
  try {
    const [command, ...rest] = argv;
    if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
      output.stdout(usage);
      return command === undefined ? 2 : 0;
    }
    if (command === '--version' || command === '-v') {
      output.stdout(version);
      return 0;
    }
    switch (command) {
      case 'check': {
        const { values, positionals } = parseArgs({ args: [...rest], allowPositionals: true, options: { json: { type: 'boolean', default: false }, root: { type: 'string', default: '.' } } });
        const root = values.root ?? '.';
        if (!existsSync(root) || !statSync(root).isDirectory()) throw new UsageError(`--root ${root} is not a folder`);
        return runCheck({ files: positionals, json: values.json ?? false, root }, output);
      }
      case 'train': {
        const { values, positionals } = parseArgs({
          args: [...rest],
          allowPositionals: true,
          options: { json: { type: 'boolean', default: false }, root: { type: 'string', default: '.' }, train: { type: 'string' }, epochs: { type: 'string' }, seed: { type: 'string' }, memory: { type: 'string' }, report: { type: 'string' }, save: { type: 'string' }, init: { type: 'string' } },
        });
        const root = values.root ?? '.';
        if (!existsSync(root) || !statSync(root).isDirectory()) throw new UsageError(`--root ${root} is not a folder`);
        if (positionals.length !== 1) throw new UsageError(`train takes one .dlmodel file; got ${positionals.length}`);
        const epochs = integerOption('epochs', values.epochs, 1, 1_000_000);
        const seed = integerOption('seed', values.seed, 0, 4294967295);
        const memory = integerOption('memory', values.memory, 1, 1_048_576) ?? 2048;
        return runTrain(
          { file: positionals[0]!, json: values.json ?? false, root, memoryBudget: memory * 1024 * 1024, ...(values.report === undefined ? {} : { report: values.report }), ...(values.save === undefined ? {} : { save: values.save }), ...(values.init === undefined ? {} : { init: values.init }), ...(values.train === undefined ? {} : { train: values.train }), ...(epochs === undefined ? {} : { epochs }), ...(seed === undefined ? {} : { seed }) },
          output,
        );
      }
      case 'export': {
        const { values, positionals } = parseArgs({
          args: [...rest],
          allowPositionals: true,
          options: { to: { type: 'string' }, out: { type: 'string' }, root: { type: 'string', default: '.' }, train: { type: 'string' }, model: { type: 'string' }, epochs: { type: 'string' }, seed: { type: 'string' }, init: { type: 'string' } },
        });
        const root = values.root ?? '.';
        if (!existsSync(root) || !statSync(root).isDirectory()) throw new UsageError(`--root ${root} is not a folder`);
        if (positionals.length !== 1) throw new UsageError(`export takes one .dlmodel file; got ${positionals.length}`);
        if (values.to !== 'pytorch' && values.to !== 'onnx') throw new UsageError(values.to === undefined ? 'export needs --to pytorch or --to onnx' : `--to must be pytorch or onnx; got '${values.to}'`);
        const epochs = integerOption('epochs', values.epochs, 1, 1_000_000);
        const seed = integerOption('seed', values.seed, 0, 4294967295);
        return runExport(
          {
            file: positionals[0]!,
            to: values.to,
            root,
            ...(values.out === undefined ? {} : { out: values.out }),
            ...(values.train === undefined ? {} : { train: values.train }),
            ...(values.model === undefined ? {} : { model: values.model }),
            ...(values.init === undefined ? {} : { init: values.init }),
            ...(epochs === undefined ? {} : { epochs }),
            ...(seed === undefined ? {} : { seed }),
          },
          output,
        );
      }
      case 'lsp': {
        if (!rest.includes('--stdio')) throw new UsageError('lsp speaks the Language Server Protocol on standard input/output: run `dlmodel lsp --stdio`');
        // Loaded on demand: checking files should not pay for the server's start-up.
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const { createConnection, ProposedFeatures } = require('vscode-languageserver/node') as typeof LanguageServerNode;
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const { startServer } = require('../server/server') as typeof DlmodelServer;
        startServer(createConnection(ProposedFeatures.all, process.stdin, process.stdout));
        return -1;
      }
      default:
        throw new UsageError(`unknown command '${command}'`);
    }
  } catch (error) {
    if (error instanceof UsageError || (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))) {
      output.stderr(`dlmodel: ${error.message}\n\n${usage}`);
      return 2;
    }
    // A bug of ours: say so plainly, without a stack trace, and point at where to report it.
    output.stderr(`dlmodel: internal error: ${error instanceof Error ? error.message : String(error)}\nPlease report this with the file that caused it. Set DLMODEL_DEBUG=1 for details.`);
    if (process.env.DLMODEL_DEBUG === '1' && error instanceof Error) output.stderr(error.stack ?? '');
    return 70;
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
  };
  const status = main(process.argv.slice(2), output);
  if (status >= 0) process.exitCode = status;
}
