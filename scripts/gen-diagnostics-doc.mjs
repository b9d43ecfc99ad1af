// Writes docs/diagnostics.md from the code registry (core/common/codes.ts, compiled to out/).
// Run after `npm run build`: node scripts/gen-diagnostics-doc.mjs. A test fails when the doc is stale.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { renderDiagnosticsDoc } = require('../out/scripts/diagnostics-doc.js');
writeFileSync('docs/diagnostics.md', renderDiagnosticsDoc());
console.log('wrote docs/diagnostics.md');
