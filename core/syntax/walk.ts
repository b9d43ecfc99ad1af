import { touches } from '../common/range';
import type { Block, SourceFile, SyntaxNode } from './tree';

function blockItems<T extends SyntaxNode>(block: Block<T> | undefined): readonly T[] {
  return block === undefined ? [] : block.items;
}

/** The direct children of a node in source order; blocks are transparent (their items are the children). */
export function childrenOf(node: SyntaxNode): SyntaxNode[] {
  const present = (...nodes: (SyntaxNode | undefined)[]): SyntaxNode[] => nodes.filter((n): n is SyntaxNode => n !== undefined);
  switch (node.kind) {
    case 'File':
      return [...node.items];
    case 'Model':
      return [...present(node.name), ...blockItems(node.body)];
    case 'Train':
      return [...present(node.name), ...blockItems(node.body)];
    case 'TrainEntry':
      return present(node.key, node.value);
    case 'Input':
      return present(node.shape);
    case 'Shape':
      return [...node.dims];
    case 'Layer':
      return present(node.name, node.call);
    case 'Repeat':
      return [...present(node.count, node.as?.name), ...blockItems(node.body)];
    case 'Residual':
      return [...blockItems(node.body), ...present(node.shortcut)];
    case 'Shortcut':
      return [...blockItems(node.body)];
    case 'Call':
      return [node.callee, ...node.args];
    case 'Argument':
      return present(node.name, node.value);
    case 'List':
      return [...node.items];
    case 'Error':
    case 'Identifier':
    case 'Number':
    case 'String':
    case 'Boolean':
    case 'Name':
      return [];
    default: {
      const unreachable: never = node;
      return unreachable;
    }
  }
}

/**
 * Calls `visit` on each direct child of `node` in source order and stops at the first call that
 * returns something other than undefined, which it returns (like TypeScript's `forEachChild`).
 */
export function forEachChild<T>(node: SyntaxNode, visit: (child: SyntaxNode) => T | undefined): T | undefined {
  for (const child of childrenOf(node)) {
    const result = visit(child);
    if (result !== undefined) return result;
  }
  return undefined;
}

/**
 * The chain of nodes from the file down to the innermost node whose range touches `offset` (an
 * offset at either end of a range counts, as a cursor would). Where two siblings touch it (the end
 * of one, the start of the next), the earlier wins, so a cursor right after `relu` is on `relu`.
 * Iterative, so any tree depth is safe. Empty when the offset is outside the file.
 */
export function nodePathAt(file: SourceFile, offset: number): SyntaxNode[] {
  if (!touches(file.range, offset)) return [];
  const path: SyntaxNode[] = [file];
  let node: SyntaxNode | undefined = file;
  while (node !== undefined) {
    node = forEachChild(node, (child) => (touches(child.range, offset) ? child : undefined));
    if (node !== undefined) path.push(node);
  }
  return path;
}
