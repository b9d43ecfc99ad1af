// Run Sweep, the Sweep tab and the live learning rate (issue 15) in a real VS Code: a 6-configuration
// spirals sweep from its code lens (progress "k/6 runs"), sorted by validation accuracy, the best
// applied to the file (the text changes); then a running digits run's learning rate changed from the
// panel, and its marker shown. Every wait is a poll on a condition.
const SWEEP = 'spirals-sweep.dlmodel';
const LIVE = 'digits-live.dlmodel';

/** The editor's visible text (the files are short enough to be rendered whole). */
async function editorText(h) {
  return (await h.page.locator('.editor-instance .monaco-editor .view-lines').first().innerText()).replace(/\u00a0/g, ' ');
}

/** The table's cells of one column (by header label), top to bottom. */
async function columnTexts(frame, label) {
  const headers = await frame.locator('.sweep-table thead th').allInnerTexts();
  const column = headers.findIndex((t) => t.replace(/[▲▼]/g, '').trim() === label);
  if (column < 0) return [];
  return frame.locator(`.sweep-table tbody tr td:nth-child(${column + 1})`).allInnerTexts();
}

const percent = (text) => Number.parseFloat(text);

export default {
  name: 'sweepui',
  files: { [SWEEP]: 'test/fixtures/sweep/spirals-sweep.dlmodel', [LIVE]: 'test/fixtures/sweep/digits-live.dlmodel' },
  async run(h) {
    let frame;
    await h.check('sweepui-a', 'Run Sweep from its code lens: progress "k/6 runs", the Sweep tab fills', async () => {
      await h.openFile(SWEEP);
      const lens = h.page.locator('.monaco-editor .codelens-decoration a', { hasText: 'Run Sweep (6 configurations)' }).first();
      await h.poll(() => lens.isVisible(), async () => `no Run Sweep lens; lenses: ${JSON.stringify(await h.page.locator('.codelens-decoration').allInnerTexts())}`);
      await lens.click();
      await h.waitForNotification('/6 runs');
      frame = await h.webviewFrame('.sweep-table', 'the Sweep tab did not show its table');
      await h.poll(async () => /done: 6 of 6 runs/.test(await frame.locator('.sweep-summary').innerText()), async () => `the sweep did not finish: ${await frame.locator('.sweep-summary').innerText()}`, 300_000);
      const rows = await frame.locator('.sweep-table tbody tr').count();
      if (rows !== 6) h.fail(`expected 6 rows, found ${rows}`);
      const lines = await frame.locator('.parallel .pc-line').count();
      if (lines !== 6) h.fail(`expected 6 parallel-coordinate lines, found ${lines}`);
      await h.dismissNotifications();
      h.ok(`sweepui-a. Run Sweep ran 6 configurations on the worker pool; the Sweep tab shows 6 rows and 6 parallel-coordinate lines`);
    });

    let best;
    await h.check('sweepui-b', 'sort by validation accuracy (a header click), best first', async () => {
      await frame.locator('.sort-button', { hasText: 'loss' }).last().click();
      await frame.locator('.sort-button', { hasText: 'validation accuracy' }).click();
      await h.poll(async () => (await frame.locator('th[aria-sort="descending"]').innerText()).includes('validation accuracy'), 'the table is not sorted by validation accuracy, descending');
      const accuracies = (await columnTexts(frame, 'validation accuracy')).map(percent);
      const sorted = [...accuracies].sort((a, b) => b - a);
      if (JSON.stringify(accuracies) !== JSON.stringify(sorted)) h.fail(`not sorted descending: ${accuracies.join(', ')}`);
      best = { lr: (await columnTexts(frame, 'lr'))[0], units: (await columnTexts(frame, 'hidden1.units'))[0], accuracy: accuracies[0] };
      await h.shot('sweepui-sweep-tab');
      h.ok(`sweepui-b. sorted by validation accuracy: ${accuracies.map((a) => `${a}%`).join(' ≥ ')}; best lr=${best.lr} hidden1.units=${best.units}`);
    });

    await h.check('sweepui-c', 'Apply to file writes the best configuration into the source', async () => {
      const before = await editorText(h);
      await frame.locator('.sweep-table tbody tr').first().locator('button.apply').click();
      const expected = [`hidden1 = dense(${best.units}, activation: relu)`, `optimizer: adam(lr: ${best.lr})`];
      let after = '';
      await h.poll(async () => {
        after = await editorText(h);
        return after !== before && expected.every((t) => after.includes(t));
      }, () => `the file did not change to ${JSON.stringify(expected)}: ${after.slice(0, 600)}`);
      if (!after.includes('sweep: grid(')) h.fail('Apply to file removed the sweep');
      h.ok(`sweepui-c. Apply to file: the source now has "${expected.join('" and "')}", the sweep kept`);
    });

    await h.check('sweepui-d', 'the learning rate of a running digits run changes from the panel, with a marker', async () => {
      await h.openFile(LIVE);
      await h.runCommand('dlmodel: Train Model');
      const panel = await h.webviewFrame('.live-lr', 'the panel has no live learning-rate control');
      await panel.locator('#tab-training').click();
      const field = panel.locator('.live-lr input[type="number"]');
      await h.poll(() => field.isVisible(), 'the learning-rate control is not shown while the run trains', 120_000);
      await field.fill('0.0005');
      await field.press('Enter');
      const marker = panel.locator('.lr-marker');
      await h.poll(async () => (await marker.count()) > 0, 'no learning-rate marker after the change', 120_000);
      const text = await marker.first().innerText();
      if (!/learning rate → 5\.000e-4 at step/.test(text)) h.fail(`unexpected marker text: ${text}`);
      await h.shot('sweepui-live-lr');
      await h.runCommand('dlmodel: Stop Training');
      h.ok(`sweepui-d. set the learning rate of the running digits run to 0.0005 from the panel: "${text}"`);
    });
  },
};
