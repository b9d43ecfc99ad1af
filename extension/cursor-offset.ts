import type * as vscode from 'vscode';
import { statementCursorOffset } from '../core/ide/cursor-statement';

/** The document offset of `position` for selecting the layer under the cursor (see statementCursorOffset). */
export function layerCursorOffset(document: vscode.TextDocument, position: vscode.Position): number {
  const line = document.lineAt(position.line);
  return statementCursorOffset(line.text, document.offsetAt(line.range.start), position.character);
}
