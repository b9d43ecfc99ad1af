import * as vscode from 'vscode';

/**
 * The .dlmodel document a command without arguments acts on: the active editor's, or else one
 * shown beside it. The fallback matters when the command comes from a walkthrough button or a
 * panel, which take the focus away from the text editor.
 */
export function currentModelDocument(): vscode.TextDocument | undefined {
  const active = vscode.window.activeTextEditor?.document;
  if (active?.languageId === 'dlmodel') return active;
  return vscode.window.visibleTextEditors.find((editor) => editor.document.languageId === 'dlmodel')?.document;
}
