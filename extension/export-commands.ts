import * as vscode from 'vscode';
import { fork } from 'node:child_process';
import { basename, dirname } from 'node:path';
import { isInside } from '../node/node-file-access';

export type ExportTarget = 'pytorch' | 'onnx';

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
 * "Export to PyTorch…" and "Export to ONNX…": runs `dlmodel export` (the same code, path checks and
 * messages as on the command line) on the saved file, writing inside the document's workspace
 * folder only, from a trusted workspace only (the PyTorch export reads the data files it packs).
 * Running the CLI keeps the exporter (and the tensor engine it needs) out of the extension bundle.
 */
export async function exportModel(target: ExportTarget, cliPath: string, output: vscode.LogOutputChannel): Promise<void> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage('Exporting reads the data files a model names, so it needs a trusted workspace.');
    return;
  }
  const document = vscode.window.activeTextEditor?.document;
  if (!document || document.languageId !== 'dlmodel') {
    void vscode.window.showInformationMessage('Open a .dlmodel file to export its model.');
    return;
  }
  const folder = vscode.workspace.getWorkspaceFolder(document.uri);
  if (!folder || document.uri.scheme !== 'file') {
    void vscode.window.showErrorMessage('dlmodel: export needs the .dlmodel file to be saved inside a workspace folder.');
    return;
  }
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
  let args = ['export', document.uri.fsPath, '--to', target, '--out', destination.fsPath, '--root', root];
  let result = await runCli(cliPath, args, root);
  // Several train blocks: let the person choose, as --train would.
  const choice = /choose one with --train NAME \(([^)]*)\)/.exec(result.stderr);
  if (result.status !== 0 && choice) {
    const trainName = await vscode.window.showQuickPick(choice[1]!.split(', ').filter((n) => n !== '(unnamed)'), { placeHolder: 'Which train block should train.py reproduce?' });
    if (!trainName) return;
    args = [...args, '--train', trainName];
    result = await runCli(cliPath, args, root);
  }
  output.info(`dlmodel ${args.join(' ')} → exit ${result.status}\n${result.stdout}${result.stderr}`);
  if (result.status !== 0) {
    void vscode.window.showErrorMessage(`dlmodel: export failed: ${result.stderr.replace(/^dlmodel: (export: )?/, '').split('\n')[0] || `exit status ${result.status}`}`);
    return;
  }
  const open = target === 'pytorch' ? 'Open README.md' : 'Reveal in Explorer';
  const picked = await vscode.window.showInformationMessage(`dlmodel: exported ${stem} to ${vscode.workspace.asRelativePath(destination)}`, open);
  if (picked === 'Open README.md') await vscode.window.showTextDocument(vscode.Uri.joinPath(destination, 'README.md'));
  else if (picked === 'Reveal in Explorer') await vscode.commands.executeCommand('revealInExplorer', destination);
}
