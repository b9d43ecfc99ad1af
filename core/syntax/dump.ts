import type { TextRange } from '../common/range';
import type { Block, Identifier, SourceFile, SyntaxNode } from './tree';

function span(r: TextRange): string {
  return `[${r.start},${r.end})`;
}

function ident(label: string, id: Identifier | undefined): string {
  return id === undefined ? '' : ` ${label}=${id.text}${span(id.range)}`;
}

/** The line for one node: kind, range and the attributes that are not shown as child lines. */
function describe(node: SyntaxNode): string {
  const head = `${node.kind} ${span(node.range)}`;
  switch (node.kind) {
    case 'Model':
    case 'Train':
      return head + ident('name', node.name);
    case 'TrainEntry':
      return head + ident('key', node.key);
    case 'Layer':
      return head + ident('name', node.name);
    case 'Argument':
      return head + ident('name', node.name);
    case 'Call':
      return `${head} callee=${node.callee.text}${span(node.callee.range)}${node.argsRange ? ` args=${span(node.argsRange)}` : ' no-parens'}${node.closed ? '' : ' unclosed'}`;
    case 'Shape':
      return `${head} dims=${node.dims.map((d) => d.text).join(',')}`;
    case 'Number':
      return `${head} ${node.text} value=${node.value}${node.isIntegerLiteral ? ' integer' : ''}`;
    case 'String':
      return `${head} ${JSON.stringify(node.value)}`;
    case 'Boolean':
      return `${head} ${node.value}`;
    case 'Name':
    case 'Identifier':
      return `${head} ${node.text}`;
    case 'Error':
    case 'File':
    case 'Input':
    case 'List':
    case 'Repeat':
    case 'Residual':
    case 'Shortcut':
      return head;
  }
}

/**
 * A readable, stable, indented dump of a tree for golden tests, e.g. `Model [0,120) name=Spirals[6,13)`.
 * Identifiers that name things are shown inline; blocks get their own line (with `unclosed` when
 * their `}` is missing) so recovery is visible; comments are listed at the end.
 */
export function dumpTree(file: SourceFile): string {
  const lines: string[] = [];
  const write = (depth: number, text: string): void => {
    lines.push('  '.repeat(depth) + text);
  };
  const writeBlock = (depth: number, label: string, block: Block<SyntaxNode> | undefined): void => {
    if (block === undefined) {
      write(depth, `${label} missing`);
      return;
    }
    write(depth, `${label} ${span(block.range)}${block.closed ? '' : ' unclosed'}`);
    for (const item of block.items) writeNode(depth + 1, item);
  };
  const writeNode = (depth: number, node: SyntaxNode): void => {
    write(depth, describe(node));
    const inner = depth + 1;
    switch (node.kind) {
      case 'File':
        for (const item of node.items) writeNode(inner, item);
        break;
      case 'Model':
      case 'Train':
      case 'Shortcut':
        writeBlock(inner, 'Block', node.body);
        break;
      case 'Repeat':
        if (node.count) writeNode(inner, node.count);
        writeBlock(inner, 'Block', node.body);
        break;
      case 'Residual':
        writeBlock(inner, 'Block', node.body);
        if (node.shortcut) writeNode(inner, node.shortcut);
        break;
      case 'Input':
        if (node.shape) writeNode(inner, node.shape);
        break;
      case 'Layer':
        if (node.call) writeNode(inner, node.call);
        break;
      case 'Call':
        for (const arg of node.args) writeNode(inner, arg);
        break;
      case 'Argument':
      case 'TrainEntry':
        if (node.value) writeNode(inner, node.value);
        break;
      case 'List':
        for (const item of node.items) writeNode(inner, item);
        break;
      case 'Boolean':
      case 'Error':
      case 'Identifier':
      case 'Name':
      case 'Number':
      case 'Shape':
      case 'String':
        break;
    }
  };
  writeNode(0, file);
  for (const comment of file.comments) write(1, `Comment ${span(comment.range)} ${JSON.stringify(comment.text)}`);
  return lines.join('\n') + '\n';
}
