import * as vscode from 'vscode';
import { basename, dirname, relative, sep } from 'node:path';
import { checkDocument } from '../core/analysis';
import { buildExport, type ExportTarget } from '../core/export';
import { isInside, NodeFileAccess } from '../node/node-file-access';

/**
 * "Export to PyTorch…" and "Export to ONNX…": the same export as `dlmodel export`, written inside
 * the document's workspace folder (a destination outside it is refused), from a trusted workspace
 * only (the PyTorch export reads the data files it packs).
 */
export async function exportModel(target: ExportTarget): Promise<void> {
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
  const root = folder.uri.fsPath;
  const fileAccess = new NodeFileAccess(root);
  const documentFolder = relative(root, dirname(document.uri.fsPath)).split(sep).join('/');
  const text = document.getText();
  const analysis = checkDocument(text, { fileAccess, documentFolder });
  let trainName: string | undefined;
  const named = analysis.trains.map((t) => t.name).filter((n): n is string => n !== undefined);
  if (named.length > 1) {
    trainName = await vscode.window.showQuickPick(named, { placeHolder: 'Which train block should train.py reproduce?' });
    if (trainName === undefined) return;
  }
  const stem = basename(document.uri.fsPath, '.dlmodel');
  const suggested = vscode.Uri.joinPath(vscode.Uri.file(dirname(document.uri.fsPath)), target === 'pytorch' ? `${stem}-pytorch` : `${stem}.onnx`);
  const destination = target === 'pytorch'
    ? await vscode.window.showSaveDialog({ defaultUri: suggested, saveLabel: 'Export to this folder', title: 'Export to PyTorch: the folder to create' })
    : await vscode.window.showSaveDialog({ defaultUri: suggested, filters: { ONNX: ['onnx'] }, saveLabel: 'Export', title: 'Export to ONNX' });
  if (!destination) return;
  if (!isInside(fileAccess.root, destination.fsPath)) {
    void vscode.window.showErrorMessage(`dlmodel: ${destination.fsPath} is outside the workspace folder ${root}; export inside it.`);
    return;
  }
  const result = buildExport(analysis, { target, text, fileName: basename(document.uri.fsPath), fileAccess, documentFolder, ...(trainName ? { trainName } : {}) });
  if (!result.ok) {
    void vscode.window.showErrorMessage(`dlmodel: export failed: ${result.message}`);
    return;
  }
  for (const file of result.files) {
    const uri = target === 'pytorch' ? vscode.Uri.joinPath(destination, file.path) : destination;
    await vscode.workspace.fs.writeFile(uri, typeof file.contents === 'string' ? new TextEncoder().encode(file.contents) : file.contents);
  }
  const open = target === 'pytorch' ? 'Open README.md' : 'Reveal in Explorer';
  const choice = await vscode.window.showInformationMessage(`dlmodel: exported ${result.model.name} to ${vscode.workspace.asRelativePath(destination)}`, open);
  if (choice === 'Open README.md') await vscode.window.showTextDocument(vscode.Uri.joinPath(destination, 'README.md'));
  else if (choice === 'Reveal in Explorer') await vscode.commands.executeCommand('revealInExplorer', destination);
}
