/**
 * A copy of a list built by `push`, holding exactly its items. An array grown by `push` reserves
 * room for 17 items at its first push, and a tree keeps its lists (a call's arguments, a block's
 * statements) for as long as the document's analysis lives: in a 20,000-line file that spare
 * room was about 2.5 MB that the collector copied at every young-generation collection.
 */
export function exactCopy<T>(items: T[]): T[] {
  return items.length === 0 ? [] : items.slice();
}
