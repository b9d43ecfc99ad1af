import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkDocument } from '../../../core/analysis';
import { fileTemplates } from '../../../core/ide/templates';
import { NodeFileAccess } from '../../../node/node-file-access';
import { applyEdits } from '../../helpers/markers';
import { fromRoot } from '../../helpers/paths';

const summary = (text: string, folder?: string) =>
  checkDocument(text, folder ? { fileAccess: new NodeFileAccess(folder), documentFolder: '' } : {}).diagnostics.map((d) => `${d.code} ${d.message}`);

test('there are four templates with distinct ids: classifier, regression, CNN, text model', () => {
  assert.deepEqual(fileTemplates.map((t) => t.id), ['classifier', 'regression', 'cnn', 'text']);
});

test('every template checks clean: no error, no warning, one model and one train block', () => {
  for (const template of fileTemplates) {
    const analysis = checkDocument(template.text);
    assert.deepEqual(analysis.diagnostics.map((d) => `${d.code} ${d.message}`), [], template.id);
    assert.equal(analysis.models.length, 1, template.id);
    assert.equal(analysis.trains.length, 1, template.id);
  }
});

test('the text template is clean beside a real corpus, and its DL505 quick fix adapts it to another', () => {
  const folder = mkdtempSync(join(tmpdir(), 'dlmodel-template-'));
  try {
    const template = fileTemplates.find((t) => t.id === 'text')!;
    // examples/data/tiny-corpus.txt has the 40 distinct characters the template assumes.
    writeFileSync(join(folder, 'corpus.txt'), readFileSync(fromRoot('examples/data/tiny-corpus.txt')));
    assert.deepEqual(summary(template.text, folder), []);
    writeFileSync(join(folder, 'corpus.txt'), 'abcdefghij klmnopqrstuvwxyz.\n'.repeat(20));
    const analysis = checkDocument(template.text, { fileAccess: new NodeFileAccess(folder), documentFolder: '' });
    const mismatch = analysis.diagnostics.find((d) => d.code === 'DL505');
    assert.ok(mismatch?.fixes?.[0], analysis.diagnostics.map((d) => `${d.code} ${d.message}`).join('\n'));
    assert.match(mismatch.message, /29 classes/);
    const fixed = applyEdits(template.text, mismatch.fixes[0].edits).replace('embedding(40,', 'embedding(29,');
    assert.deepEqual(summary(fixed, folder), []);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
