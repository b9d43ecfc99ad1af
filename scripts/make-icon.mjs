#!/usr/bin/env node
// Draws the extension icon (media/icon.png, 128×128) from an SVG: a small layered network —
// three layers of nodes joined by their connections — on a rounded dark tile. The SVG is
// rendered by headless Chromium through playwright-core (offline; /usr/bin/chromium), so the
// PNG is reproducible without an image library.
//
// Usage: node scripts/make-icon.mjs [--out media/icon.png] [--svg media/icon.svg]
// playwright-core is resolved from this project first, then from the code-server install
// prefix ($VSCODE_WEB_BIN or ~/.cache/vscode-web, where ../shared/tools/install-vscode-web.sh puts it).
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

const { values: opt } = parseArgs({
  options: {
    out: { type: 'string', default: 'media/icon.png' },
    svg: { type: 'string', default: 'media/icon.svg' },
  },
});

const size = 128;
/** Node columns (x) and the y of each node in that column. */
const layers = [
  { x: 30, ys: [44, 84] },
  { x: 64, ys: [30, 64, 98] },
  { x: 98, ys: [44, 84] },
];
const colours = ['#4fc3f7', '#ffb74d', '#81c784'];

function iconSvg() {
  const edges = [];
  for (let i = 0; i + 1 < layers.length; i++) {
    const a = layers[i];
    const b = layers[i + 1];
    for (const y1 of a.ys) for (const y2 of b.ys) edges.push(`<line x1="${a.x}" y1="${y1}" x2="${b.x}" y2="${y2}"/>`);
  }
  const nodes = layers.flatMap((layer, i) =>
    layer.ys.map((y) => `<circle cx="${layer.x}" cy="${y}" r="9.5" fill="${colours[i]}" stroke="#0f1629" stroke-width="3"/>`),
  );
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 ${size} ${size}">
  <defs>
    <linearGradient id="tile" x1="0" y1="0" x2="1" y2="1">
      <stop offset="0" stop-color="#27375f"/>
      <stop offset="1" stop-color="#141d36"/>
    </linearGradient>
  </defs>
  <rect x="4" y="4" width="120" height="120" rx="24" fill="url(#tile)"/>
  <g stroke="#c5d2f0" stroke-opacity="0.55" stroke-width="2.5" stroke-linecap="round">
    ${edges.join('\n    ')}
  </g>
  ${nodes.join('\n  ')}
</svg>
`;
}

function loadPlaywright() {
  const bases = [path.join(process.cwd(), 'package.json')];
  const bin = process.env.VSCODE_WEB_BIN;
  if (bin) {
    let d = path.dirname(path.resolve(bin));
    while (d !== path.dirname(d) && path.basename(d) !== 'node_modules') d = path.dirname(d);
    if (path.basename(d) === 'node_modules') bases.push(path.join(d, '..', 'package.json'));
  }
  bases.push(path.join(os.homedir(), '.cache', 'vscode-web', 'package.json'));
  for (const base of bases) {
    try {
      return createRequire(base)('playwright-core');
    } catch {
      /* next */
    }
  }
  throw new Error('make-icon: playwright-core not found (run bash ../shared/tools/install-vscode-web.sh)');
}

const svg = iconSvg();
fs.mkdirSync(path.dirname(path.resolve(opt.svg)), { recursive: true });
fs.writeFileSync(opt.svg, svg);

const { chromium } = loadPlaywright();
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width: size, height: size }, deviceScaleFactor: 1 });
  await page.setContent(`<!DOCTYPE html><html><body style="margin:0;background:transparent">${svg}</body></html>`);
  fs.mkdirSync(path.dirname(path.resolve(opt.out)), { recursive: true });
  await page.locator('svg').screenshot({ path: opt.out, omitBackground: true });
} finally {
  await browser.close();
}
const png = fs.readFileSync(opt.out);
const width = png.readUInt32BE(16);
const height = png.readUInt32BE(20);
if (width !== size || height !== size) throw new Error(`make-icon: ${opt.out} is ${width}×${height}, expected ${size}×${size}`);
console.log(`make-icon: ${opt.out} (${width}×${height}, ${png.length} bytes), ${opt.svg}`);
