import type { TextEdit } from '../common/diagnostic';
import type { TextRange } from '../common/range';
import type { Token } from '../syntax';
import { trimComment } from './format-layout';

// Turns "old text → formatted text" into small edits, and doubles as the formatter's safety net:
// the two texts must hold the same code tokens (the formatter only drops `;` and trailing commas)
// and the same comments (trailing spaces aside), or no edit is made at all.

/** A piece of text that is identical in both documents: a code token or a comment. */
interface Anchor {
  readonly before: TextRange;
  readonly after: TextRange;
}

function isCode(token: Token): boolean {
  return token.kind !== 'whitespace' && token.kind !== 'newline' && token.kind !== 'comment' && token.kind !== 'eof';
}

/** The code tokens of `before` paired with those of `after`, or undefined if they differ beyond dropped `;` and trailing commas. */
function pairCode(before: readonly Token[], after: readonly Token[]): [Token, Token][] | undefined {
  const pairs: [Token, Token][] = [];
  let j = 0;
  for (let i = 0; i < before.length; i++) {
    const old = before[i] as Token;
    const fresh = after[j];
    if (fresh !== undefined && fresh.kind === old.kind && fresh.text === old.text) {
      pairs.push([old, fresh]);
      j++;
      continue;
    }
    const next = before[i + 1]?.text;
    const dropped = old.text === ';' || (old.text === ',' && (next === ')' || next === ']'));
    if (!dropped) return undefined;
  }
  return j === after.length ? pairs : undefined;
}

/**
 * The comments of both documents that lie before code tokens `oldEnd` / `newEnd` (from the given
 * positions), paired when the two runs match one for one; otherwise they stay inside the gap.
 */
function pairComments(oldComments: readonly Token[], newComments: readonly Token[], anchors: Anchor[], cursor: { old: number; fresh: number }, oldEnd: number, newEnd: number): void {
  let oldStop = cursor.old;
  while (oldStop < oldComments.length && (oldComments[oldStop] as Token).start < oldEnd) oldStop++;
  let newStop = cursor.fresh;
  while (newStop < newComments.length && (newComments[newStop] as Token).start < newEnd) newStop++;
  const run = oldStop - cursor.old;
  let same = run === newStop - cursor.fresh;
  for (let k = 0; same && k < run; k++) same = trimComment((oldComments[cursor.old + k] as Token).text) === (newComments[cursor.fresh + k] as Token).text;
  if (same) {
    for (let k = 0; k < run; k++) {
      const old = oldComments[cursor.old + k] as Token;
      const fresh = newComments[cursor.fresh + k] as Token;
      anchors.push({ before: { start: old.start, end: old.start + fresh.text.length }, after: { start: fresh.start, end: fresh.end } });
    }
  }
  cursor.old = oldStop;
  cursor.fresh = newStop;
}

/** One edit turning `before[from, to)` into `after[newFrom, newTo)`, trimmed to the part that differs. */
function gapEdit(before: string, from: number, to: number, after: string, newFrom: number, newTo: number): TextEdit | undefined {
  let start = from;
  let newStart = newFrom;
  while (start < to && newStart < newTo && before.charCodeAt(start) === after.charCodeAt(newStart)) {
    start++;
    newStart++;
  }
  let end = to;
  let newEnd = newTo;
  while (end > start && newEnd > newStart && before.charCodeAt(end - 1) === after.charCodeAt(newEnd - 1)) {
    end--;
    newEnd--;
  }
  if (start === end && newStart === newEnd) return undefined;
  return { range: { start, end }, newText: after.slice(newStart, newEnd) };
}

/**
 * The edits that turn `before` into `after`, one per run of text that changed between two pieces
 * both documents share; undefined when the documents differ in code or comments (which the
 * formatter must never do), so that a formatter bug can never damage a file.
 */
export function editsBetween(before: string, beforeTokens: readonly Token[], after: string, afterTokens: readonly Token[]): TextEdit[] | undefined {
  const pairs = pairCode(beforeTokens.filter(isCode), afterTokens.filter(isCode));
  if (pairs === undefined) return undefined;
  const oldComments = beforeTokens.filter((token) => token.kind === 'comment');
  const newComments = afterTokens.filter((token) => token.kind === 'comment');
  if (oldComments.length !== newComments.length) return undefined;
  for (const [k, comment] of oldComments.entries()) if (trimComment(comment.text) !== (newComments[k] as Token).text) return undefined;

  const anchors: Anchor[] = [];
  const cursor = { old: 0, fresh: 0 };
  for (const [old, fresh] of pairs) {
    pairComments(oldComments, newComments, anchors, cursor, old.start, fresh.start);
    anchors.push({ before: old, after: fresh });
  }
  pairComments(oldComments, newComments, anchors, cursor, Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY);

  const edits: TextEdit[] = [];
  let oldFrom = 0;
  let newFrom = 0;
  for (const anchor of anchors) {
    const edit = gapEdit(before, oldFrom, anchor.before.start, after, newFrom, anchor.after.start);
    if (edit !== undefined) edits.push(edit);
    oldFrom = anchor.before.end;
    newFrom = anchor.after.end;
  }
  const last = gapEdit(before, oldFrom, before.length, after, newFrom, after.length);
  if (last !== undefined) edits.push(last);
  return edits;
}
