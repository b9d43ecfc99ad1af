// Every picture README.md and docs/*.md show or link to exists, and lives in the one picture
// folder, docs/images/ (the screenshot scripts and the e2e modules write there).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fromRoot } from '../helpers/paths';

const documents = ['README.md', ...readdirSync(fromRoot('docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
const picture = /\.(png|jpe?g|gif|svg|webp)$/i;

/** The local picture paths a Markdown text refers to: `![…](path)`, `[…](path)` and `<img src="path">`. */
export function picturesOf(markdown: string): string[] {
  const targets = [...markdown.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g), ...markdown.matchAll(/<img\s[^>]*src="([^"]+)"/g)].map((m) => m[1]!);
  return targets.filter((target) => picture.test(target.split(/[?#]/)[0]!) && !/^[a-z]+:/i.test(target)).map((target) => decodeURI(target.split(/[?#]/)[0]!));
}

test('the picture reader finds images, image links and <img>, and skips web addresses', () => {
  const text = '![a](docs/images/a.png) see [b.png](images/b.png "B") <img src="c.svg" width="3"> ![w](https://example.com/w.png) [doc](x.md)';
  assert.deepEqual(picturesOf(text), ['docs/images/a.png', 'images/b.png', 'c.svg']);
});

test('every picture README.md and docs/*.md refer to exists, in docs/images/', () => {
  let checked = 0;
  for (const document of documents) {
    for (const target of picturesOf(readFileSync(fromRoot(document), 'utf8'))) {
      const path = join(dirname(fromRoot(document)), target);
      assert.ok(existsSync(path), `${document} refers to ${target}, which does not exist`);
      assert.equal(dirname(relative(fromRoot('.'), path)).split('\\').join('/'), 'docs/images', `${document} refers to ${target}, outside docs/images/`);
      checked++;
    }
  }
  assert.ok(checked >= 20, `only ${checked} pictures found: the reader missed the README's`);
});
