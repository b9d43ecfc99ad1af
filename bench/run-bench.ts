// `npm run bench`: prints each benchmark's median, its target, and its ratio to a reference
// measured in the same process. Exits 1 when a target is missed.
import { runCheckBench } from './check-bench';

const rows = runCheckBench();
console.log('benchmark                      lines   median ms   target ms   ×JSON.parse(same text)');
let missed = 0;
for (const row of rows) {
  const ok = row.medianMs < row.targetMs;
  if (!ok) missed++;
  console.log(
    `${row.name.padEnd(30)} ${String(row.lines).padStart(6)}   ${row.medianMs.toFixed(2).padStart(9)}   ${('< ' + row.targetMs).padStart(9)}   ${(row.medianMs / row.jsonParseMs).toFixed(1).padStart(8)}  ${ok ? 'ok' : 'MISSED'}`,
  );
}
process.exitCode = missed > 0 ? 1 : 0;
