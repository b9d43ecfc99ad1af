// Streamed text reaches the untitled editor in order, one edit at a time (extension/text-appender.ts):
// chunks arriving while an edit is applied go in with the next edit, and a refused edit is reported.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextAppender } from '../../extension/text-appender';

/** A document whose edits finish only when the test says so. */
function slowDocument(): { text: () => string; edits: string[]; finishOne: () => void; appender: TextAppender } {
  let text = '';
  const edits: string[] = [];
  const waiting: Array<() => void> = [];
  const appender = new TextAppender(
    (chunk) =>
      new Promise<boolean>((resolve) => {
        edits.push(chunk);
        waiting.push(() => {
          text += chunk;
          resolve(true);
        });
      }),
  );
  return { text: () => text, edits, finishOne: () => waiting.shift()?.(), appender };
}

test('chunks that arrive during an edit are joined into the next one, in order', async () => {
  const doc = slowDocument();
  doc.appender.append('ab');
  doc.appender.append('c');
  doc.appender.append('de');
  assert.deepEqual(doc.edits, ['ab'], 'one edit in flight at a time');
  doc.finishOne();
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(doc.edits, ['ab', 'cde']);
  doc.finishOne();
  await doc.appender.flushed();
  assert.equal(doc.text(), 'abcde');
  doc.appender.append('f');
  doc.finishOne();
  await doc.appender.flushed();
  assert.equal(doc.text(), 'abcdef');
  assert.deepEqual(doc.edits, ['ab', 'cde', 'f']);
});

test('an edit the editor refuses (it was closed) is reported by flushed(), and nothing more is tried', async () => {
  const tried: string[] = [];
  const appender = new TextAppender((chunk) => {
    tried.push(chunk);
    return Promise.resolve(false);
  });
  appender.append('x');
  await assert.rejects(appender.flushed(), /could not be added to its editor/);
  appender.append('y');
  await assert.rejects(appender.flushed());
  assert.deepEqual(tried, ['x']);
});
