import * as vscode from 'vscode';
import { fileTemplates, type FileTemplate } from '../core/ide/templates';

/**
 * *New dlmodel File…*: picks a template and opens it as an untitled `.dlmodel` document, so the
 * language server checks it at once and nothing is written until the person saves. An `id`
 * argument (from the walkthrough or a keybinding) skips the picker.
 */
export async function newModelFile(id?: unknown): Promise<vscode.TextEditor | undefined> {
  const template = fileTemplates.find((t) => t.id === id) ?? (await pickTemplate());
  if (!template) return undefined;
  const document = await vscode.workspace.openTextDocument({ language: 'dlmodel', content: template.text });
  return vscode.window.showTextDocument(document);
}

async function pickTemplate(): Promise<FileTemplate | undefined> {
  const items = fileTemplates.map((template) => ({ label: template.label, detail: template.description, template }));
  const picked = await vscode.window.showQuickPick(items, { title: 'New dlmodel File', placeHolder: 'Start from a template' });
  return picked?.template;
}
