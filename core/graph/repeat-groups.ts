import type { TextRange } from '../common/range';
import type { ModelDeclaration, Statement } from '../syntax/tree';

/** A `repeat` statement of a model whose count is valid (the checker expands only those). */
export interface RepeatBlock {
  /** Its position among the model's repeat statements in source order: stable while the user edits inside it. */
  readonly ordinal: number;
  readonly range: TextRange;
  readonly count: number;
}

/** For each layer or residual statement of a model, the repeat blocks around it, outermost first. */
export type RepeatChains = ReadonlyMap<string, readonly RepeatBlock[]>;

/** The key of a statement's range in `RepeatChains` (a layer summary's `statementRange`). */
export function rangeKey(range: TextRange): string {
  return `${range.start}:${range.end}`;
}

/** Walks the model's statements (iteratively: nesting depth is the user's) and records each one's repeat chain. */
export function repeatChains(declaration: ModelDeclaration): RepeatChains {
  const chains = new Map<string, readonly RepeatBlock[]>();
  let ordinal = 0;
  const stack: { statement: Statement; chain: readonly RepeatBlock[] }[] = (declaration.body?.items ?? []).map((statement) => ({ statement, chain: [] })).reverse();
  while (stack.length > 0) {
    const { statement, chain } = stack.pop()!;
    const children = (items: readonly Statement[] | undefined, inner: readonly RepeatBlock[]): void => {
      for (let i = (items?.length ?? 0) - 1; i >= 0; i--) stack.push({ statement: items![i]!, chain: inner });
    };
    switch (statement.kind) {
      case 'Layer':
        chains.set(rangeKey(statement.range), chain);
        break;
      case 'Residual':
        chains.set(rangeKey(statement.range), chain);
        // Pushed in reverse so that the body's statements come out (and count repeats) first.
        children(statement.shortcut?.body?.items, chain);
        children(statement.body?.items, chain);
        break;
      case 'Repeat': {
        const count = statement.count;
        const valid = count !== undefined && count.isIntegerLiteral && Number.isInteger(count.value) && count.value >= 1;
        const inner = valid ? [...chain, { ordinal: ordinal++, range: statement.range, count: count.value }] : chain;
        children(statement.body?.items, inner);
        break;
      }
      case 'Input':
      case 'Error':
        break;
      default: {
        const unreachable: never = statement;
        return unreachable;
      }
    }
  }
  return chains;
}

/**
 * The group id of each repeat around a copy, outermost first. A layer's `copy` numbers its copy
 * across the repeats around it, the outermost one most significant (see `LayerSummary.copy`), so
 * the instance of the j-th repeat is the copy number divided by the copies made from there inward.
 */
export function groupIdsOf(chain: readonly RepeatBlock[], copy: number): string[] {
  const ids: string[] = [];
  let inward = chain.reduce((product, block) => product * block.count, 1);
  for (const block of chain) {
    ids.push(`r${block.ordinal}.${Math.floor(copy / inward)}`);
    inward /= block.count;
  }
  return ids;
}
