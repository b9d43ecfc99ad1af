// Every lexical and syntax code (DL1xx, DL2xx) has a fixture that triggers it — with that one
// diagnostic and no other of these phases, since one typo must give one message — and a corrected
// version with none (test/fixtures/diagnostics/DLnnn[.fixed].dlmodel). DL106 (file size) is the
// caller's check, covered with the CLI. Phases 3–5 are covered by test/core/analysis.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { diagnosticCodes, type DiagnosticCode } from '../../../core/common/codes';
import type { Diagnostic } from '../../../core/common/diagnostic';
import { decodeSource, parse } from '../../../core/syntax';
import { fromRoot } from '../../helpers/paths';

const folder = fromRoot('test/fixtures/diagnostics');
const syntaxCodes = (Object.keys(diagnosticCodes) as DiagnosticCode[]).filter((code) => /^DL[12]/.test(code) && code !== 'DL106');

/** Decodes and parses a fixture as the CLI does; returns the DL1xx and DL2xx diagnostics. */
function syntaxDiagnostics(file: string): Diagnostic[] {
  const decoded = decodeSource(new Uint8Array(readFileSync(`${folder}/${file}`)));
  return [...decoded.diagnostics, ...parse(decoded.text).diagnostics].filter((d) => /^DL[12]/.test(d.code));
}

const show = (diagnostics: readonly Diagnostic[]): string => diagnostics.map((d) => `${d.code} ${d.message}`).join(' | ') || 'nothing';

for (const code of syntaxCodes) {
  test(`${code} (${diagnosticCodes[code].title}) is triggered by its fixture and cleared by the fix`, () => {
    assert.ok(existsSync(`${folder}/${code}.dlmodel`), `missing fixture ${code}.dlmodel`);
    assert.ok(existsSync(`${folder}/${code}.fixed.dlmodel`), `missing fixture ${code}.fixed.dlmodel`);
    const triggered = syntaxDiagnostics(`${code}.dlmodel`);
    assert.deepEqual(triggered.map((d) => d.code), [code], `${code}.dlmodel should report exactly ${code}; got ${show(triggered)}`);
    const [found] = triggered as [Diagnostic];
    assert.equal(found.severity, diagnosticCodes[code].severity);
    assert.ok(found.message.length > 20, 'messages explain what is wrong and how to fix it');
    const fixed = syntaxDiagnostics(`${code}.fixed.dlmodel`);
    assert.deepEqual(fixed, [], `${code}.fixed.dlmodel should be clean; got ${show(fixed)}`);
  });
}

test('every DL1xx/DL2xx fixture file belongs to a code that exists', () => {
  const stale = readdirSync(folder).filter((name) => /^DL[12]\d\d/.test(name) && !syntaxCodes.includes(name.slice(0, 5) as DiagnosticCode));
  assert.deepEqual(stale, []);
});
