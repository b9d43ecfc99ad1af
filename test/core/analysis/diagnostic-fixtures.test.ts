// Every diagnostic code of phases 3–5 has a fixture that triggers it and a corrected version
// that is completely clean (test/fixtures/diagnostics/DLnnn[.fixed].dlmodel). Codes of phases
// 1–2 are covered the same way by test/core/syntax/diagnostic-fixtures.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { diagnosticCodes } from '../../../core/common/codes';
import { checkDocument, type FileAccess } from '../../../core/analysis';
import { NodeFileAccess } from '../../../node/node-file-access';
import { fromRoot } from '../../helpers/paths';

const folder = fromRoot('test/fixtures/diagnostics');
const trusted = new NodeFileAccess(folder);
const untrusted: FileAccess = { readFile: () => ({ kind: 'untrusted' }) };

function check(file: string, access: FileAccess = trusted) {
  return checkDocument(readFileSync(`${folder}/${file}`, 'utf8'), { fileAccess: access, documentFolder: '' });
}

const semanticCodes = Object.keys(diagnosticCodes).filter((code) => /^DL[345]/.test(code)) as Array<keyof typeof diagnosticCodes>;

for (const code of semanticCodes) {
  test(`${code} (${diagnosticCodes[code].title}) is triggered by its fixture and cleared by the fix`, () => {
    assert.ok(existsSync(`${folder}/${code}.dlmodel`), `missing fixture ${code}.dlmodel`);
    const access = code === 'DL516' ? untrusted : trusted;
    const triggered = check(`${code}.dlmodel`, access).diagnostics;
    const found = triggered.find((d) => d.code === code);
    assert.ok(found, `${code}.dlmodel should report ${code}; got ${triggered.map((d) => `${d.code} ${d.message}`).join(' | ') || 'nothing'}`);
    assert.equal(found.severity, diagnosticCodes[code].severity);
    assert.ok(found.message.length > 20, 'messages explain what is wrong and how to fix it');
    const fixedFile = code === 'DL516' ? `${code}.dlmodel` : `${code}.fixed.dlmodel`;
    const fixed = check(fixedFile, trusted).diagnostics;
    assert.deepEqual(fixed.map((d) => `${d.code} ${d.message}`), [], `${fixedFile} should be clean`);
  });
}
