// package.json promises commands (and, below, a walkthrough); extension/*.ts must keep them.
// The extension host cannot run here, so the registrations are read from the source.
import { test } from 'node:test';
import { defaultRunsKept } from '../../node/run-history';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fromRoot } from '../helpers/paths';

interface WalkthroughStep {
  readonly id: string;
  readonly description: string;
  readonly media: { readonly markdown?: string; readonly image?: string };
  readonly completionEvents?: readonly string[];
}

interface Contributions {
  readonly commands: readonly { readonly command: string }[];
  readonly menus: Record<string, readonly { readonly command: string }[]>;
  readonly walkthroughs: readonly { readonly id: string; readonly steps: readonly WalkthroughStep[] }[];
}

const manifest = JSON.parse(readFileSync(fromRoot('package.json'), 'utf8')) as { contributes: Contributions };
const contributed = manifest.contributes.commands.map((c) => c.command);
const extensionSource = readdirSync(fromRoot('extension'))
  .filter((name) => name.endsWith('.ts'))
  .map((name) => readFileSync(fromRoot('extension', name), 'utf8'))
  .join('\n');
const registered = [...extensionSource.matchAll(/registerCommand\(\s*'([^']+)'/g)].map((m) => m[1] as string);

test('every contributed command is registered by the extension, and every registered one is contributed', () => {
  assert.ok(contributed.includes('dlmodel.newFile'));
  assert.deepEqual([...contributed].sort(), [...registered].sort());
});

test('every menu item names a contributed command', () => {
  for (const [menu, items] of Object.entries(manifest.contributes.menus)) {
    for (const item of items) assert.ok(contributed.includes(item.command), `${menu}: ${item.command}`);
  }
});

const steps = manifest.contributes.walkthroughs.flatMap((w) => w.steps);
/** The `command:id?args` links of a step's description, with their decoded arguments. */
const commandLinks = (step: WalkthroughStep) =>
  [...step.description.matchAll(/\(command:([\w.]+)(?:\?([^)]*))?\)/g)].map((m) => ({ command: m[1] as string, args: m[2] ? (JSON.parse(decodeURIComponent(m[2])) as unknown[]) : [] }));

test('the walkthrough goes: open an example, hints, train, panels, export, a file of your own', () => {
  assert.deepEqual(steps.map((s) => s.id), ['openExample', 'hints', 'train', 'panels', 'export', 'newFile']);
});

test('every walkthrough step shows an existing media file and links only to contributed commands', () => {
  for (const step of steps) {
    const media = step.media.markdown ?? step.media.image;
    assert.ok(media && existsSync(fromRoot(media)), `${step.id}: media ${media}`);
    for (const link of commandLinks(step)) assert.ok(contributed.includes(link.command), `${step.id}: ${link.command}`);
    for (const event of step.completionEvents ?? []) {
      const command = /^onCommand:(.+)$/.exec(event)?.[1];
      if (command) assert.ok(contributed.includes(command), `${step.id}: ${event}`);
    }
  }
});

test('the walkthrough opens a shipped example that checks clean, and the .vsix ships it with the media', () => {
  const opened = steps.flatMap(commandLinks).filter((link) => link.command === 'dlmodel.openExample');
  assert.ok(opened.length > 0);
  const listed = spawnSync(process.execPath, [fromRoot('node_modules/@vscode/vsce/vsce'), 'ls', '--no-dependencies'], { cwd: fromRoot('.'), encoding: 'utf8' });
  assert.equal(listed.status, 0, listed.stderr);
  const shipped = new Set(listed.stdout.split('\n').map((line) => line.trim()));
  for (const link of opened) assert.ok(shipped.has(`examples/${String(link.args[0])}.dlmodel`), `${String(link.args[0])} is not in the .vsix`);
  for (const step of steps) assert.ok(shipped.has(step.media.markdown ?? ''), `${step.id}: media not in the .vsix`);
  const examples = readdirSync(fromRoot('examples')).filter((name) => name.endsWith('.dlmodel'));
  for (const example of examples) assert.ok(shipped.has(`examples/${example}`), example);
  for (const data of readdirSync(fromRoot('examples/data'))) assert.ok(shipped.has(`examples/data/${data}`), data);
});

test('the run history cap is a setting whose default is the store\'s (50), documented in the README', () => {
  const properties = (JSON.parse(readFileSync(fromRoot('package.json'), 'utf8')) as { contributes: { configuration: { properties: Record<string, { default: unknown; minimum: unknown }> } } }).contributes.configuration.properties;
  assert.equal(properties['dlmodel.runs.keep']?.default, defaultRunsKept);
  assert.equal(defaultRunsKept, 50);
  assert.match(readFileSync(fromRoot('README.md'), 'utf8'), /`dlmodel\.runs\.keep` \(finished runs kept across reloads, default 50/);
});
