// Runs every compiled test file (out/test/**/*.test.js) with node's built-in test runner.
// Node 20 cannot expand globs itself, and handing it a directory would also run helper
// modules that live under test/, so the list is collected here.
// Usage: node scripts/run-tests.mjs [substring…]   (only files whose path contains a substring)
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

function collect(dir, found) {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) collect(path, found);
    else if (entry.endsWith('.test.js')) found.push(path);
  }
  return found;
}

const filters = process.argv.slice(2);
const files = collect('out/test', []).filter((f) => filters.length === 0 || filters.some((s) => f.includes(s))).sort();
if (files.length === 0) {
  console.error('run-tests: no test files found under out/test (did the build run?)');
  process.exit(1);
}
const result = spawnSync(process.execPath, ['--test', '--test-concurrency=2', ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);
