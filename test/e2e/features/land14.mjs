// Issue 14 §5–6 in a real VS Code: the loss landscape of a run that is still training, and a run
// record written by `dlmodel train --json` opened in the panel.
import fs from 'node:fs';
import path from 'node:path';

const MODEL = 'land14-spirals.dlmodel';
const RECORD = 'runs/xor-cli.jsonl';

export default {
  name: 'land14',
  files: { [RECORD]: 'test/fixtures/run-records/xor.jsonl' },
  async run(h) {
    // A longer spirals run (2,000 epochs) so the landscape arrives while it still trains.
    const spirals = fs.readFileSync(path.join(h.ROOT, 'examples', 'spirals.dlmodel'), 'utf8').replace(/epochs: \d+/, 'epochs: 2000');
    fs.writeFileSync(path.join(h.workspace, MODEL), spirals);

    await h.check('land14-a', 'Compute landscape while the run trains', async () => {
      await h.openFile(MODEL);
      await h.runCommand('dlmodel: Train Model');
      await h.waitForStatusBarItem('/2000', 180_000);
      const panel = await h.panelFrame();
      await panel.locator('[role="tab"]', { hasText: 'Loss landscape' }).first().click();
      const tab = panel.locator('[role="tabpanel"]:not([hidden])');
      // A small grid and no race keep the module quick; the form's choices travel with the request.
      await tab.locator('select').nth(1).selectOption('11');
      for (const box of await tab.locator('.race-form input[type="checkbox"]').all()) if (await box.isChecked()) await box.uncheck();
      const asked = Date.now();
      await tab.locator('button', { hasText: 'Compute landscape' }).first().click();
      const note = await h.poll(async () => {
        const text = await tab.locator('p.note[role="status"]').first().innerText().catch(() => '');
        return /while the run went on training/.test(text) ? text : null;
      }, 'the landscape of the training run did not arrive', 300_000);
      const canvases = await tab.locator('canvas').count();
      if (canvases === 0) h.fail('the landscape tab draws no canvas');
      // The run is still going: the status bar shows its epoch out of 2000, not a finished run.
      const status = await h.waitForStatusBarItem('/2000');
      const epoch = Number(/(\d+)\/2000/.exec(status)?.[1]);
      if (!(epoch < 2000)) h.fail(`status bar "${status}" does not show a run in progress`);
      await h.shot('land14-live-landscape');
      // Stop the run with its progress notification's Cancel (the rest of the suite need not wait for it).
      await h.page.locator('.notification-list-item', { hasText: `Training ${MODEL}` }).getByRole('button', { name: 'Cancel' }).first().click();
      await h.waitForStatusBarItem('training stopped', 60_000);
      await h.dismissNotifications();
      h.ok(`land14-a. landscape drawn ${Date.now() - asked} ms after the click while the run trained (status bar "${status}"): "${note.trim()}"`);
    });

    await h.check('land14-b', 'Open Run Record… shows a CLI record as a run', async () => {
      await h.runCommand('dlmodel: Open Run Record…');
      const input = h.quickInput().locator('input');
      await input.waitFor({ state: 'visible' });
      const target = path.join(h.workspace, RECORD);
      let presses = 0;
      let lastPress = 0;
      const panel = await h.panelFrame();
      await h.poll(async () => {
        const options = await panel.locator('option').allInnerTexts().catch(() => []);
        if (options.some((o) => /xor/i.test(o))) return true;
        if (await h.quickInput().isVisible().catch(() => false) && Date.now() - lastPress > 3_000) {
          await input.fill(target);
          await input.press('Enter');
          presses++;
          lastPress = Date.now();
        }
        return false;
      }, 'the run record did not appear in the panel\'s run picker', 120_000);
      await panel.locator('[role="tab"]', { hasText: 'Training' }).first().click();
      const canvases = await panel.locator('[role="tabpanel"]:not([hidden]) canvas').count();
      if (canvases === 0) h.fail('the opened record draws no chart');
      await h.shot('land14-open-run-record');
      h.ok(`land14-b. Open Run Record… (${presses} confirmation${presses === 1 ? '' : 's'}) shows ${RECORD} as a run in the panel's picker with ${canvases} chart canvases`);
    });
  },
};
