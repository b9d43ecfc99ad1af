// The Runs tab (issue 15 §2) in a real VS Code: a small XOR file trained twice, the second time
// with lr 0.003 written into it instead of 0.01; the runs table lists both runs with `lr` as the
// only differing column; both checked (overlaid in Training), Diff shows their settings side by
// side with lr marked. Every wait is a poll on a condition.
import fs from 'node:fs';
import path from 'node:path';

const FILE = 'runs15-lr.dlmodel';

/** The editor's visible text (the file is short enough to be rendered whole). */
async function editorText(h) {
  return (await h.page.locator('.editor-instance .monaco-editor .view-lines').first().innerText()).replace(/\u00a0/g, ' ');
}

/** The runs table's rows as text cells (after the checkbox), for the runs of FILE. */
async function tableRows(frame) {
  return frame.locator('.runs-table tbody tr').evaluateAll((rows) => rows.map((r) => Array.from(r.querySelectorAll('td')).slice(1).map((c) => c.textContent ?? '')));
}

/** Trains FILE and waits until the runs table lists `count` finished runs of it. */
async function trainAndWait(h, count) {
  // The lens, not the palette: after the first run the focus is in the panel, where the palette
  // has no Train Model (its `when` needs a .dlmodel editor).
  const lens = h.page.locator('.monaco-editor .codelens-decoration a', { hasText: 'Train Xor' }).first();
  await h.poll(() => lens.isVisible(), async () => `no Train lens; lenses: ${JSON.stringify(await h.page.locator('.codelens-decoration').allInnerTexts())}`);
  await lens.click();
  const frame = await h.webviewFrame('#tab-runs', 'the panel has no Runs tab');
  await frame.locator('#tab-runs').click();
  const filter = frame.locator('select[data-key="runs-file"]');
  let rows = [];
  await h.poll(async () => {
    // Runs of other modules' files may be listed too: show this file's only (the filter appears with a second file).
    if ((await filter.count()) > 0 && (await filter.inputValue()) !== FILE) await filter.selectOption(FILE).catch(() => {});
    rows = await tableRows(frame);
    return rows.length === count && rows.every((cells) => !cells.includes('training…'));
  }, () => `the runs table did not list ${count} finished runs of ${FILE}: ${JSON.stringify(rows)}`, 180_000);
  return frame;
}

export default {
  name: 'runs15',
  files: { [FILE]: 'test/fixtures/runs15/xor-lr.dlmodel' },
  async run(h) {
    let frame;
    await h.check('runs15-a', 'train the file at lr 0.01, then at lr 0.003: two runs in the runs table', async () => {
      await h.openFile(FILE);
      await trainAndWait(h, 1);
      const file = path.join(h.workspace, FILE);
      fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('adam(lr: 0.01)', 'adam(lr: 0.003)'));
      await h.poll(async () => (await editorText(h)).includes('adam(lr: 0.003)'), 'the editor did not pick up lr 0.003 from the file');
      frame = await trainAndWait(h, 2);
      h.ok('runs15-a. trained runs15-lr.dlmodel at lr 0.01 and at lr 0.003; the runs table lists both, finished');
    });

    await h.check('runs15-b', 'the runs table shows lr as the one differing column', async () => {
      const headers = await frame.locator('.runs-table thead th').allInnerTexts();
      const settings = headers.slice(4, headers.indexOf('loss'));
      if (JSON.stringify(settings) !== JSON.stringify(['lr'])) h.fail(`differing columns ${JSON.stringify(settings)}, expected ["lr"]; headers ${JSON.stringify(headers)}`);
      const rows = await tableRows(frame);
      const lr = rows.map((cells) => cells[headers.indexOf('lr') - 1]);
      if (JSON.stringify(lr) !== JSON.stringify(['0.01', '0.003'])) h.fail(`lr column ${JSON.stringify(lr)}`);
      h.ok(`runs15-b. columns ${headers.join(' | ')}; lr ${lr.join(', ')}; ${rows.map((r) => r[0]).join(', ')}`);
    });

    await h.check('runs15-c', 'both checked: overlaid in Training; Diff marks lr', async () => {
      for (const box of await frame.locator('.runs-table tbody input[type="checkbox"]').all()) await box.check();
      const diff = frame.locator('button[data-key="runs-diff"]');
      await h.poll(() => diff.isEnabled(), 'Diff is not enabled with two runs checked');
      await diff.click();
      const marked = frame.locator('.runs-diff-table tr.differs');
      await h.poll(async () => (await marked.count()) > 0, 'the diff shows no differing setting');
      const lines = await marked.evaluateAll((rows) => rows.map((r) => Array.from(r.querySelectorAll('th,td')).map((c) => c.textContent ?? '').join(' ')));
      if (lines.length !== 1 || !/^≠ lr 0\.01 0\.003$/.test(lines[0])) h.fail(`differing lines ${JSON.stringify(lines)}`);
      const summary = await frame.locator('.diff-summary').innerText();
      await frame.locator('input[data-key="runs-diff-only"]').check();
      await h.poll(async () => (await frame.locator('.runs-diff-table tbody tr').count()) === 1, 'Only the differing settings did not leave the lr line alone');
      await h.shotOf('runs15-runs-table', frame.locator('#panel-runs'));
      await frame.locator('#tab-training').click();
      const overlay = frame.locator('#panel-training input[data-key^="run:"]');
      let shown = -1;
      await h.poll(async () => {
        shown = await overlay.evaluateAll((inputs) => inputs.filter((i) => i.checked).length);
        return shown === 2;
      }, () => `the Training overlay shows ${shown} runs, expected the 2 checked`);
      h.ok(`runs15-c. Diff: "${lines[0]}" (${summary}); the Training overlay shows the 2 checked runs`);
    });
  },
};
