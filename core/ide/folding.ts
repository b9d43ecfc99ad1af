import type { TextRange } from '../common/range';
import type { DocumentAnalysis } from '../analysis';
import { forEachChild, type SyntaxNode } from '../syntax';

/** A foldable region; the adapter turns offsets into lines and drops single-line ones. */
export interface FoldingRange {
  readonly range: TextRange;
  readonly kind: 'region' | 'comment';
}

function hasNewline(text: string, range: TextRange): boolean {
  return text.slice(range.start, range.end).includes('\n');
}

/** Blocks (`model`, `train`, `repeat`, `residual`, `shortcut`), calls that span lines, and runs of comment lines. */
export function foldingRanges(analysis: DocumentAnalysis, text: string): FoldingRange[] {
  const ranges: FoldingRange[] = [];
  const stack: SyntaxNode[] = [analysis.file];
  while (stack.length > 0) {
    const node = stack.pop() as SyntaxNode;
    switch (node.kind) {
      case 'Model':
      case 'Train':
      case 'Repeat':
      case 'Residual':
      case 'Shortcut':
        if (node.body && hasNewline(text, node.body.range)) ranges.push({ range: { start: node.range.start, end: node.body.range.end }, kind: 'region' });
        break;
      case 'Call':
        if (node.argsRange && hasNewline(text, node.argsRange)) ranges.push({ range: { start: node.range.start, end: node.argsRange.end }, kind: 'region' });
        break;
      case 'Argument':
      case 'Boolean':
      case 'Error':
      case 'File':
      case 'Identifier':
      case 'Input':
      case 'Layer':
      case 'List':
      case 'Name':
      case 'Number':
      case 'Shape':
      case 'String':
      case 'TrainEntry':
        break;
    }
    forEachChild(node, (child) => {
      stack.push(child);
      return undefined;
    });
  }
  // Consecutive full-line comments fold together.
  let runStart: TextRange | undefined;
  let runEnd: TextRange | undefined;
  const flush = (): void => {
    if (runStart && runEnd && runStart !== runEnd) ranges.push({ range: { start: runStart.start, end: runEnd.end }, kind: 'comment' });
    runStart = runEnd = undefined;
  };
  for (const comment of analysis.file.comments) {
    const between = runEnd ? text.slice(runEnd.end, comment.range.start) : '';
    if (runEnd && /^[ \t]*\r?\n[ \t]*$/.test(between)) runEnd = comment.range;
    else {
      flush();
      const lineStart = text.lastIndexOf('\n', comment.range.start - 1) + 1;
      if (/^[ \t]*$/.test(text.slice(lineStart, comment.range.start))) runStart = runEnd = comment.range;
    }
  }
  flush();
  return ranges.sort((a, b) => a.range.start - b.range.start);
}
