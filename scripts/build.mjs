// Bundles every runtime of the product with esbuild. Each runtime has one entry point; an
// entry whose source does not exist yet is reported and skipped, so a later issue only has to
// add the file. Usage: node scripts/build.mjs [--watch] [--minify]
import * as esbuild from 'esbuild';
import { existsSync, mkdirSync, writeFileSync, statSync } from 'node:fs';
import { buildWasm } from './build-wasm.mjs';

const watch = process.argv.includes('--watch');
const minify = process.argv.includes('--minify') || process.env.DLMODEL_MINIFY === '1';

/** One row per runtime: where it runs decides platform, format and what stays external. */
const runtimes = [
  { name: 'cli', entry: 'cli/main.ts', outfile: 'dist/cli.js', platform: 'node', format: 'cjs', banner: '#!/usr/bin/env node' },
  // The banner marks when VS Code starts evaluating the bundle, so activation can report load time too.
  { name: 'extension host', entry: 'extension/extension.ts', outfile: 'dist/extension.js', platform: 'node', format: 'cjs', external: ['vscode'], banner: '"use strict"; var __dlmodelBundleStart = performance.now();' },
  { name: 'language server', entry: 'server/main.ts', outfile: 'dist/server.js', platform: 'node', format: 'cjs' },
  { name: 'training worker', entry: 'extension/training-worker.ts', outfile: 'dist/worker.js', platform: 'node', format: 'cjs' },
  { name: 'backprop worker', entry: 'extension/backprop-worker.ts', outfile: 'dist/backprop-worker.js', platform: 'node', format: 'cjs' },
  { name: 'generate worker', entry: 'extension/generate-worker.ts', outfile: 'dist/generate-worker.js', platform: 'node', format: 'cjs' },
  { name: 'webview', entry: 'webview/main.ts', outfile: 'dist/webview.js', platform: 'browser', format: 'iife' },
  { name: 'graph webview', entry: 'webview/graph/main.ts', outfile: 'dist/graph.js', platform: 'browser', format: 'iife' },
  { name: 'backprop webview', entry: 'webview/backprop/main.ts', outfile: 'dist/backprop.js', platform: 'browser', format: 'iife' },
];

await buildWasm(); // core/tensor/wasm/kernels.wat → kernels-wasm.ts (rewritten only when the bytes change)
mkdirSync('dist', { recursive: true });
const contexts = [];
for (const runtime of runtimes) {
  if (!existsSync(runtime.entry)) {
    console.log(`build: ${runtime.name}: ${runtime.entry} does not exist yet, skipped`);
    continue;
  }
  const options = {
    entryPoints: [runtime.entry],
    outfile: runtime.outfile,
    bundle: true,
    platform: runtime.platform,
    format: runtime.format,
    target: runtime.platform === 'node' ? 'node20' : 'chrome120',
    external: runtime.external ?? [],
    sourcemap: true,
    minify,
    logLevel: 'warning',
    banner: runtime.banner ? { js: runtime.banner } : undefined,
  };
  if (watch) {
    const context = await esbuild.context(options);
    await context.watch();
    contexts.push(context);
  } else {
    await esbuild.build(options);
    const kib = (statSync(runtime.outfile).size / 1024).toFixed(1);
    console.log(`build: ${runtime.name}: ${runtime.outfile} (${kib} KiB)`);
  }
}
// dist/ holds CommonJS bundles whatever the root package says.
writeFileSync('dist/package.json', JSON.stringify({ type: 'commonjs' }) + '\n');
if (watch) console.log('build: watching…');
