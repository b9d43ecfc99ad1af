import * as vscode from 'vscode';
import { join } from 'node:path';
import { copyMissingFiles, listExamples } from '../node/example-files';

/** Where in the first workspace folder the shipped examples are copied. */
export const examplesFolderName = 'dlmodel-examples';

/**
 * *Open Example…*: the examples ship inside the extension (with their data files). Opening one
 * copies the set into `dlmodel-examples/` of the workspace — training needs the file inside a
 * workspace folder, and the installed extension's own files must not be edited — then opens the
 * chosen file. Without a folder it opens an untitled copy that can be read but not yet trained.
 * A `name` argument (the walkthrough passes one) skips the picker.
 */
export async function openExample(shippedFolder: string, name?: unknown): Promise<vscode.TextEditor | undefined> {
  const examples = listExamples(shippedFolder);
  const chosen = examples.find((example) => example.name === name) ?? (await vscode.window.showQuickPick(examples.map((example) => ({ label: example.name, detail: example.title, example })), { title: 'Open a dlmodel Example' }))?.example;
  if (!chosen) return undefined;
  // From the walkthrough no text editor is active: open beside it so its steps stay in view.
  const viewColumn = vscode.window.activeTextEditor ? vscode.ViewColumn.Active : vscode.ViewColumn.Beside;
  const folder = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file');
  if (!folder) {
    const content = await vscode.workspace.fs.readFile(vscode.Uri.file(join(shippedFolder, `${chosen.name}.dlmodel`)));
    const document = await vscode.workspace.openTextDocument({ language: 'dlmodel', content: new TextDecoder().decode(content) });
    void vscode.window.showInformationMessage('Open a folder to train this example: dlmodel then copies the examples into it.');
    return vscode.window.showTextDocument(document, viewColumn);
  }
  const target = join(folder.uri.fsPath, examplesFolderName);
  copyMissingFiles(shippedFolder, target, folder.uri.fsPath);
  const document = await vscode.workspace.openTextDocument(vscode.Uri.file(join(target, `${chosen.name}.dlmodel`)));
  return vscode.window.showTextDocument(document, viewColumn);
}
