// Issue 16: train the gridworld example in the real VS Code and see the Policy tab's arrows (one
// per free cell, sized by π(a|s)) over the value model's heatmap.
export default {
  name: 'rlui',
  files: { 'gridworld.dlmodel': 'examples/gridworld.dlmodel' },
  async run(h) {
    await h.check('rlui-a', 'train the gridworld example and see the arrows panel', async () => {
      await h.openFile('gridworld.dlmodel');
      await h.runCommand('dlmodel: Train Model');
      const frame = await h.webviewFrame('#tab-policy', 'the training panel with a Policy tab', 180_000);
      // The tab shows once the run's start arrives; the run is live: wait for its last episode.
      await h.poll(async () => frame.locator('#tab-policy').isVisible(), 'the Policy tab did not appear for the policy run', 180_000);
      await frame.locator('#tab-policy').click();
      await h.poll(async () => /gridworld: 2000 of 2000 episodes/.test((await frame.locator('#panel-policy .status').textContent()) ?? ''),
        async () => `the policy run did not report its 2,000th episode: ${await frame.locator('#panel-policy .status').textContent()}`, 180_000);
      const cells = frame.locator('#panel-policy svg.grid-view g.cell-free');
      await h.poll(async () => (await cells.count()) === 17, async () => `expected 17 free cells with arrows, found ${await cells.count()}`);
      const best = await frame.locator('#panel-policy svg.grid-view .arrow.best').count();
      if (best !== 17) h.fail(`expected one most-probable arrow per free cell, found ${best}`);
      const leftOfGoal = await frame.locator('#panel-policy svg.grid-view g[data-cell="23"] .arrow.best').getAttribute('data-action');
      if (leftOfGoal !== 'right') h.fail(`the cell left of the goal points ${leftOfGoal}, not right`);
      const heat = await frame.locator('#panel-policy svg.grid-view g.cell-free rect[fill^="rgba("]').count();
      if (heat !== 17) h.fail(`expected V(s) colours on 17 cells, found ${heat}`);
      await frame.locator('#panel-policy svg.grid-view').scrollIntoViewIfNeeded();
      await h.shot('rlui-gridworld-arrows');
      h.ok(`rlui-a. gridworld trained in VS Code: Policy tab shows 17 cells with arrows (${best} most-probable), V(s) heatmap on ${heat} cells, left of the goal → ${leftOfGoal}`);
    });
  },
};
