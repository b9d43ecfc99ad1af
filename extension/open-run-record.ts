import * as vscode from 'vscode';
import { readRunRecordFile } from '../node/run-record-file';
import type { PanelHost } from './panels';

/**
 * *Open Run Record…*: shows a run trained by `dlmodel train --json` (its JSON lines saved to a
 * file of the workspace) in the panel, beside the editor's own runs. The picker starts in the
 * workspace and a file outside it is refused, as is anything that is not such a record.
 */
export async function openRunRecord(panels: PanelHost, given?: vscode.Uri): Promise<void> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) {
    void vscode.window.showErrorMessage('dlmodel: open a workspace folder first: run records are opened from inside it.');
    return;
  }
  const uri = given ?? (await pick(folders[0]!.uri));
  if (!uri) return;
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  if (!folder || uri.scheme !== 'file') {
    void vscode.window.showErrorMessage(`dlmodel: cannot open ${uri.fsPath}: it is outside the workspace. Open a run record inside the workspace folder.`);
    return;
  }
  const record = readRunRecordFile(uri.fsPath, folder.uri.fsPath);
  if (typeof record === 'string') {
    void vscode.window.showErrorMessage(`dlmodel: cannot open the run record: ${record}`);
    return;
  }
  panels.openRecord(record);
}

async function pick(folder: vscode.Uri): Promise<vscode.Uri | undefined> {
  const chosen = await vscode.window.showOpenDialog({
    defaultUri: folder,
    canSelectFiles: true,
    canSelectFolders: false,
    canSelectMany: false,
    openLabel: 'Open Run Record',
    title: 'Open a run record (the output of dlmodel train --json)',
    filters: { 'Run records': ['jsonl', 'ndjson', 'json', 'log', 'txt'], 'All files': ['*'] },
  });
  return chosen?.[0];
}
