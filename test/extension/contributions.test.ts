// package.json promises commands (and, below, a walkthrough); extension/*.ts must keep them.
// The extension host cannot run here, so the registrations are read from the source.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { fromRoot } from '../helpers/paths';

interface Contributions {
  readonly commands: readonly { readonly command: string }[];
  readonly menus: Record<string, readonly { readonly command: string }[]>;
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
