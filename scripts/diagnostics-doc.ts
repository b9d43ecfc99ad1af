import { diagnosticCodes, retiredCodes } from '../core/common/codes';

const phases: Array<[string, string]> = [
  ['DL1', 'Lexical'],
  ['DL2', 'Syntax'],
  ['DL3', 'Names and arguments'],
  ['DL4', 'Shapes'],
  ['DL5', 'Training setup'],
  ['DL6', 'Training health (published while or after training)'],
];

/** The Markdown table of every diagnostic code, grouped by phase. */
export function renderDiagnosticsDoc(): string {
  const lines = [
    '# Diagnostic codes',
    '',
    'Generated from `core/common/codes.ts` by `node scripts/gen-diagnostics-doc.mjs`; do not edit by hand.',
    'Codes are stable: a code keeps its meaning and is never reused. Each code of phases 1–5 has a',
    'fixture that triggers it and a fixed version in `test/fixtures/diagnostics/`.',
  ];
  for (const [prefix, title] of phases) {
    lines.push('', `## ${title}`, '', '| code | severity | meaning |', '|---|---|---|');
    for (const [code, info] of Object.entries(diagnosticCodes)) {
      if (code.startsWith(prefix)) lines.push(`| ${code} | ${info.severity} | ${info.title.replace(/\|/g, '\\|')} |`);
    }
  }
  lines.push('', '## Retired', '', 'No longer emitted; never reused.', '', '| code | meaning | why |', '|---|---|---|');
  for (const [code, info] of Object.entries(retiredCodes)) lines.push(`| ${code} | ${info.title.replace(/\|/g, '\\|')} | ${info.why.replace(/\|/g, '\\|')} |`);
  return lines.join('\n') + '\n';
}
