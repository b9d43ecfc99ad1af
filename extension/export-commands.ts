import * as vscode from 'vscode';
import { fork } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { parse } from '../core/syntax';
import { isInside } from '../node/node-file-access';
import { currentModelDocument } from './model-document';
import { describeWeights, exportWeightChoices, type FinishedRun } from './export-weights';

export type ExportTarget = 'pytorch' | 'onnx';

/** The runs whose weights an export may write, and the run the panel shows. */
export interface ExportRuns {
  readonly finished: readonly FinishedRun[];
  readonly onScreen: string | null;
}

/** What the export writes: a run's trained weights, or the seed's initial weights (null). */
type WeightChoice = FinishedRun | null;

/**
 * Asks which weights to export when the document has finished runs: the run on screen (or the
 * latest) first, so Enter exports what the panel shows. Undefined when the person cancels.
 */
async function chooseWeights(runs: ExportRuns, documentKey: string): Promise<WeightChoice | undefined> {
  const choices = exportWeightChoices(runs.finished, documentKey, runs.onScreen);
  if (choices.length === 0) return null;
  const items: (vscode.QuickPickItem & { readonly choice: WeightChoice })[] = [
    ...choices.map((run, index) => ({ label: `Trained weights of ${run.name}`, description: `${describeWeights(run)}${index === 0 ? (run.runId === runs.onScreen ? ' · on screen' : ' · latest') : ''}`, choice: run })),
    { label: 'Initial weights (untrained)', description: 'drawn from the train block’s seed, as a run starts', choice: null },
  ];
  const picked = await vscode.window.showQuickPick(items, { title: 'Export which weights?', placeHolder: 'The weights of a run of this file, or the untrained initial weights' });
  return picked?.choice;
}

/** Writes the chosen run's weights to a private temporary file for `--init`; removed after the export. */
async function withWeightsFile<T>(run: FinishedRun | null, body: (path: string | undefined) => Promise<T>): Promise<T> {
  if (!run) return body(undefined);
  const folder = await mkdtemp(join(tmpdir(), 'dlmodel-export-'));
  try {
    const path = join(folder, 'weights.safetensors');
    await writeFile(path, run.weights);
    return await body(path);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

/** Runs the bundled CLI (dist/cli.js) as a Node child process; resolves with its exit status and output. */
function runCli(cliPath: string, args: readonly string[], cwd: string): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = fork(cliPath, args, { cwd, silent: true, env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', (error) => resolve({ status: 70, stdout, stderr: stderr + error.message }));
    child.on('exit', (code) => resolve({ status: code ?? 70, stdout, stderr }));
  });
}

/**
 * The train block train.py should reproduce, asked from the document's own blocks when it has
 * several (as --train would): undefined when there is nothing to choose, null when the person
 * dismissed the question.
 */
async function chooseTrainBlock(text: string): Promise<string | undefined | null> {
  const trains = parse(text).file.items.filter((item) => item.kind === 'Train');
  const names = trains.map((train) => train.name?.text).filter((name): name is string => name !== undefined);
  // One block, or unnamed ones that --train cannot name: the CLI decides and explains.
  if (trains.length < 2 || names.length === 0) return undefined;
  return (await vscode.window.showQuickPick(names, { placeHolder: 'Which train block should train.py reproduce?' })) ?? null;
}

/**
 * "Export to PyTorch…" and "Export to ONNX…": runs `dlmodel export` (the same code, path checks and
 * messages as on the command line) on the saved file, writing inside the document's workspace
 * folder only, from a trusted workspace only (the PyTorch export reads the data files it packs).
 * Running the CLI keeps the exporter (and the tensor engine it needs) out of the extension bundle.
 */
export async function exportModel(target: ExportTarget, cliPath: string, output: vscode.LogOutputChannel, runs: ExportRuns): Promise<void> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage('Exporting reads the data files a model names, so it needs a trusted workspace.');
    return;
  }
  const document = currentModelDocument();
  if (!document || document.languageId !== 'dlmodel') {
    void vscode.window.showInformationMessage('Open a .dlmodel file to export its model.');
    return;
  }
  const folder = vscode.workspace.getWorkspaceFolder(document.uri);
  if (!folder || document.uri.scheme !== 'file') {
    void vscode.window.showErrorMessage('dlmodel: export needs the .dlmodel file to be saved inside a workspace folder.');
    return;
  }
  const weights = await chooseWeights(runs, document.uri.toString());
  if (weights === undefined) return;
  const trainName = weights?.trainName ?? (await chooseTrainBlock(document.getText()));
  if (trainName === null) return;
  if (document.isDirty && !(await document.save())) return;
  const stem = basename(document.uri.fsPath, '.dlmodel');
  const suggested = vscode.Uri.joinPath(vscode.Uri.file(dirname(document.uri.fsPath)), target === 'pytorch' ? `${stem}-pytorch` : `${stem}.onnx`);
  const destination = target === 'pytorch'
    ? await vscode.window.showSaveDialog({ defaultUri: suggested, saveLabel: 'Export to this folder', title: 'Export to PyTorch: the folder to create' })
    : await vscode.window.showSaveDialog({ defaultUri: suggested, filters: { ONNX: ['onnx'] }, saveLabel: 'Export', title: 'Export to ONNX' });
  if (!destination) return;
  const root = folder.uri.fsPath;
  if (!isInside(root, destination.fsPath)) {
    void vscode.window.showErrorMessage(`dlmodel: ${destination.fsPath} is outside the workspace folder ${root}; export inside it.`);
    return;
  }
  const exported = await withWeightsFile(weights, async (init) => {
    const args = ['export', document.uri.fsPath, '--to', target, '--out', destination.fsPath, '--root', root, ...(init ? ['--init', init] : []), ...(trainName ? ['--train', trainName] : [])];
    return { args, result: await runCli(cliPath, args, root) };
  });
  const { args, result } = exported;
  output.info(`dlmodel ${args.join(' ')} → exit ${result.status}\n${result.stdout}${result.stderr}`);
  if (result.status !== 0) {
    void vscode.window.showErrorMessage(`dlmodel: export failed: ${result.stderr.replace(/^dlmodel: (export: )?/, '').split('\n')[0] || `exit status ${result.status}`}`);
    return;
  }
  const open = target === 'pytorch' ? 'Open README.md' : 'Reveal in Explorer';
  const which = weights ? `the trained weights of ${weights.name} (${describeWeights(weights)})` : 'the initial (untrained) weights';
  output.info(`exported ${stem} with ${which}`);
  const picked = await vscode.window.showInformationMessage(`dlmodel: exported ${stem} to ${vscode.workspace.asRelativePath(destination)} with ${which}`, open);
  if (picked === 'Open README.md') await vscode.window.showTextDocument(vscode.Uri.joinPath(destination, 'README.md'));
  else if (picked === 'Reveal in Explorer') await vscode.commands.executeCommand('revealInExplorer', destination);
}
