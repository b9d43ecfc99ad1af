import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { renderDiagnosticsDoc } from '../../scripts/diagnostics-doc';
import { fromRoot } from '../helpers/paths';

test('docs/diagnostics.md is generated from the code registry and up to date', () => {
  assert.equal(readFileSync(fromRoot('docs/diagnostics.md'), 'utf8'), renderDiagnosticsDoc(), 'run: npm run build && node scripts/gen-diagnostics-doc.mjs');
});
