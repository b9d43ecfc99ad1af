// *dlmodel: Compare Model with HEAD* (issue 13 §2) in a real VS Code, through the Git extension
// (git is on for this scenario: see `settings`): a repository in the workspace's compare/ folder
// with net.dlmodel committed; the hidden layer widened in the editor, unsaved; the comparison shows
// that layer changed with the deltas `dlmodel diff` gives for test/fixtures/diff/widened.dlmodel.
//   diff-a  Compare with HEAD on the unsaved edit: the changed row, its argument and the totals
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const FILE = 'compare/net.dlmodel';
const SOURCE = 'test/fixtures/diff/base.dlmodel';
const WIDENED = 'hidden = dense(32, activation: relu)';
const WIDTH_SUFFIX = ', activation: relu)';
/** The deltas of widening `hidden` from 32 to 64 units (test/cli/diff.test.ts checks the same on the CLI). */
const EXPECT = {
  row: ['~', 'hidden', 'dense', '10', '[32] → [64]', '4,128 → 8,256 (+4,128)', '+4,096'],
  argument: 'units: 32 → 64',
  params: 'params 5,706 → 10,154 (+4,448)',
  title: 'Model: HEAD ↔ compare/net.dlmodel (unsaved)',
};

function git(cwd, ...args) {
  const r = spawnSync('git', ['-c', 'user.name=dlmodel e2e', '-c', 'user.email=e2e@example.invalid', '-c', 'commit.gpgsign=false', ...args], { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
}

export default {
  name: 'diff',
  files: { [FILE]: SOURCE },
  settings: { 'git.enabled': true },
  /** The committed version that HEAD holds (the test makes the repository; the extension only reads it). */
  setup(h) {
    const folder = path.join(h.workspace, path.dirname(FILE));
    git(folder, 'init', '-q');
    git(folder, 'add', path.basename(FILE));
    git(folder, 'commit', '-q', '-m', 'the base model');
  },
  async run(h) {
    const source = fs.readFileSync(path.join(h.ROOT, SOURCE), 'utf8').split('\n');
    const line = source.findIndex((l) => l.includes(WIDENED)) + 1;
    if (line === 0) h.fail(`${SOURCE} has no line "${WIDENED}"`);

    // The table is wide: the editors get the explorer's room for this module.
    await h.runCommand('View: Close Primary Side Bar');
    await h.check('diff-a', 'Compare Model with HEAD on an unsaved edit shows the changed layer and its deltas', async () => {
      await h.openFile(path.basename(FILE));
      await h.selectWordBefore(line, WIDTH_SUFFIX);
      await h.page.keyboard.type('64');
      await h.poll(async () => (await h.page.locator('.tabs-container .tab.active.dirty').count()) > 0, 'the edited file is not shown as unsaved');
      await h.runCommand('dlmodel: Compare Model with HEAD');
      const page = await h.webviewFrame('table tr.changed', async () => `no comparison page with a changed row; notifications: ${JSON.stringify(await h.page.locator('.notifications-toasts .notification-list-item-message').allInnerTexts())}`);
      const row = (await page.locator('tr.changed').first().locator('td').allInnerTexts()).map((c) => c.trim());
      if (JSON.stringify(row) !== JSON.stringify(EXPECT.row)) h.fail(`changed row: expected ${JSON.stringify(EXPECT.row)}, found ${JSON.stringify(row)}`);
      const argument = (await page.locator('tr.argument').first().innerText()).trim();
      if (argument !== EXPECT.argument) h.fail(`changed argument: expected "${EXPECT.argument}", found "${argument}"`);
      const totals = await page.locator('ul.totals').innerText();
      if (!totals.includes(EXPECT.params)) h.fail(`totals: expected "${EXPECT.params}", found "${totals}"`);
      const tab = h.page.locator('.tabs-container .tab', { hasText: EXPECT.title });
      await h.poll(() => tab.first().isVisible(), async () => `no tab "${EXPECT.title}"; tabs: ${JSON.stringify(await h.page.locator('.tabs-container .tab').allInnerTexts())}`);
      await h.page.mouse.move(5, 450);   // no tooltip of the toolbar the pointer last crossed
      await h.shot('diff-compare-with-head');
      await h.runCommand('View: Focus First Editor Group');
      await h.runCommand('File: Revert File');
      await h.poll(async () => (await h.page.locator('.tabs-container .tab.dirty').count()) === 0, 'the edited file is still unsaved after File: Revert File');
      h.ok(`diff: Compare with HEAD on the unsaved edit: ${row.join(' | ')}; ${argument}; ${EXPECT.params}`);
    });
    await h.runCommand('View: Toggle Primary Side Bar Visibility');
  },
};
