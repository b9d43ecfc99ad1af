// The Policy tab in headless Chromium, from real policy runs recorded as the worker records them
// (environment views on): the gridworld's arrows and value heatmap, the bandit's arms, a cart-pole
// replay scrubbed frame by frame, and the return/variance/entropy charts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { checkDocument } from '../../core/analysis';
import { planPolicy } from '../../core/rl/policy-plan';
import { PolicyRun } from '../../core/rl/policy-run';
import { RunRecordBuilder, type RunRecord } from '../../protocol/run-record';
import { fromRoot } from '../helpers/paths';
import { launchChromium, openPanel, panelContext, post, settle } from './browser';
import { browserSkipReason, fixtureRecord } from './harness';

const skip = browserSkipReason();

function policyRecord(example: string, episodes: number, seed = 0): RunRecord {
  const analysis = checkDocument(readFileSync(fromRoot(`examples/${example}.dlmodel`), 'utf8'));
  const planned = planPolicy(analysis, analysis.trains[0]!, { episodes, seed });
  if (!planned.ok) throw new Error(planned.message);
  const builder = new RunRecordBuilder(example, example, null, null);
  builder.addAll(new PolicyRun(planned.plan, { views: true }).events());
  return builder.record();
}

async function showPolicy(page: Page, record: RunRecord): Promise<void> {
  await post(page, { type: 'state', runs: [record], selectedRunId: record.runId });
  await settle(page);
  await page.click('#tab-policy');
  await settle(page);
}

test('Policy tab: gridworld arrows per cell follow the policy, V(s) colours the cells; hidden for a run on data', { skip, timeout: 180_000 }, async () => {
  const grid = policyRecord('gridworld', 2000);
  const view = grid.policy?.view;
  assert.ok(view?.kind === 'gridworld' && view.values);
  const browser: Browser = await launchChromium();
  try {
    const { context } = await panelContext(browser);
    const page = await openPanel(context);
    await post(page, { type: 'state', runs: [fixtureRecord()], selectedRunId: fixtureRecord().runId });
    await settle(page);
    assert.equal(await page.isVisible('#tab-policy'), false, 'no Policy tab for a run on data');
    await showPolicy(page, grid);
    assert.equal(await page.isVisible('#tab-policy'), true);
    const cells = await page.$$eval('#panel-policy svg.grid-view g.cell-free', (all) =>
      all.map((g) => ({ cell: Number(g.getAttribute('data-cell')), best: g.querySelector('.arrow.best')?.getAttribute('data-action') ?? null, title: g.querySelector(':scope > title')?.textContent ?? '', fill: g.querySelector('rect')?.getAttribute('fill') ?? '' })),
    );
    assert.equal(cells.length, 17, 'one group per free cell');
    const names = ['up', 'right', 'down', 'left'];
    const probabilities = view.probabilities;
    for (const cell of cells) {
      const p: readonly number[] = probabilities[cell.cell]!;
      assert.equal(cell.best, names[p.indexOf(Math.max(...p))], `cell ${cell.cell}: the thick arrow is the most probable action`);
      assert.match(cell.title, /up \d+%, right \d+%, down \d+%, left \d+%; V\(s\) = /);
      assert.match(cell.fill, /^rgba\(/, `cell ${cell.cell} is coloured by V(s)`);
    }
    assert.equal(await page.$$eval('#panel-policy svg.grid-view g.cell-wall', (all) => all.length), 6);
    // The trained policy: from the cell left of the goal, go right.
    assert.equal(cells.find((c) => c.cell === 23)?.best, 'right');
    assert.match((await page.textContent('#panel-policy .status')) ?? '', /gridworld: 2000 of 2000 episodes/);
    const legends = await page.$$eval('#panel-policy .u-legend .u-label', (all) => all.map((l) => l.textContent ?? ''));
    for (const label of ['no baseline', 'with baseline', 'entropy']) assert.ok(legends.includes(label), `${label} in ${legends.join(' | ')}`);
    assert.match((await page.textContent('#panel-policy .note')) ?? '', /spread is [\d.]+× the spread without it/);
    await context.close();
  } finally {
    await browser.close();
  }
});

test('Policy tab: cart-pole replays the best and any kept episode frame by frame; the bandit shows arms vs true means', { skip, timeout: 180_000 }, async () => {
  const cart = policyRecord('cartpole', 60, 1);
  const best = cart.policy?.best;
  assert.ok(best && cart.policy.replays.length >= 6);
  const bandit = policyRecord('bandit', 300);
  const arms = bandit.policy?.view;
  assert.ok(arms?.kind === 'bandit');
  const browser: Browser = await launchChromium();
  try {
    const { context } = await panelContext(browser);
    const page = await openPanel(context);
    await showPolicy(page, cart);
    const legends = await page.$$eval('#panel-policy .u-legend .u-label', (all) => all.map((l) => l.textContent ?? ''));
    assert.ok(legends.includes('solved (475)'), legends.join(' | '));
    const options = await page.$$eval('#panel-policy select.replay-episode option', (all) => all.map((o) => (o as HTMLOptionElement).value));
    assert.equal(options[0], 'best');
    assert.equal(options[1], 'latest');
    assert.equal(options.length, 2 + cart.policy.replays.length);
    // Scrub to frame 5 of the best episode: the pole is drawn at that frame's recorded angle.
    await page.$eval('#panel-policy input[aria-label="Frame"]', (input) => {
      (input as HTMLInputElement).value = '5';
      input.dispatchEvent(new Event('input'));
    });
    assert.equal(await page.getAttribute('#panel-policy .pole', 'data-theta'), best.view.theta[5]!.toFixed(5));
    assert.equal(await page.getAttribute('#panel-policy .cart', 'data-x'), best.view.x[5]!.toFixed(4));
    // Another episode from the list.
    const chosen = cart.policy.replays[0]!;
    await page.selectOption('#panel-policy select.replay-episode', String(chosen.episode));
    assert.equal(await page.getAttribute('#panel-policy .pole', 'data-theta'), chosen.view.theta[0]!.toFixed(5));
    assert.equal(await page.textContent('#panel-policy .replay output'), `0 / ${chosen.view.x.length - 1}`);

    await showPolicy(page, bandit);
    const drawn = await page.$$eval('#panel-policy svg.bandit-view g.arm', (all) => all.map((g) => Number(g.querySelector('circle.true-mean')?.getAttribute('cy'))));
    assert.equal(drawn.length, 10);
    // Higher true mean, higher dot (smaller y).
    const byTrue = [...arms.trueValues.keys()].sort((a, b) => arms.trueValues[b]! - arms.trueValues[a]!);
    for (let i = 1; i < byTrue.length; i++) assert.ok(drawn[byTrue[i - 1]!]! <= drawn[byTrue[i]!]!);
    assert.equal(await page.$$eval('#panel-policy svg.bandit-view rect.estimate', (all) => all.length), arms.estimates.filter((e) => e !== null).length);
    await context.close();
  } finally {
    await browser.close();
  }
});
