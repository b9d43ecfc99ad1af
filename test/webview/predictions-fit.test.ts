// The Predictions and Fit tabs in headless Chromium under the panel's strict CSP, from real runs'
// records (LatentRecorder as the worker records them): each tab is offered only for the runs it
// applies to, the confusion matrix and its cells match the record, a cell lists its examples as
// drawn images, and the fit's unit contributions are drawn from the first recorded epoch.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fromRoot } from '../helpers/paths';
import { settle, tabShown, withPanel } from './browser';
import { browserSkipReason, latentRecord } from './harness';

const skip = browserSkipReason();

const fitText = `model Fit {
  input [1]
  dense(12, activation: tanh)
  dense(1)
}
train {
  data: function("sin(3*x)", from: -3, to: 3, points: 200, noise: 0)
  loss: mse
  optimizer: adam(lr: 0.01)
  epochs: 3
  seed: 1
}
`;

test('Predictions: confusion matrix, a cell’s images, per-class table, mistakes, reliability and entropy', { skip, timeout: 180_000 }, async () => {
  const record = latentRecord(readFileSync(fromRoot('examples/digits-mlp.dlmodel'), 'utf8'), 'digits', 2);
  const data = record.latent!.predictions!;
  const frame = data.frames.at(-1)!;
  await withPanel([record], 'digits', async (page) => {
    assert.equal(await tabShown(page, 'predictions'), true);
    assert.equal(await tabShown(page, 'fit'), false, 'a classifier has no Fit tab');
    await page.click('#tab-predictions');
    await settle(page);
    const counts = await page.$$eval('#panel-predictions .confusion-cell .count', (all) => all.map((c) => Number(c.textContent)));
    assert.deepEqual(counts, frame.confusion.flat());
    assert.equal(counts.reduce((a, b) => a + b, 0), 360);
    const shares = await page.$$eval('#panel-predictions .confusion tbody tr:first-child .share', (all) => all.map((c) => c.textContent));
    assert.equal(shares.length, 10);
    // The largest off-diagonal cell: its examples are drawn as 8×8 images.
    let [label, predicted, most] = [0, 1, -1];
    frame.confusion.forEach((row, l) => row.forEach((n, p) => { if (l !== p && n > most) [label, predicted, most] = [l, p, n]; }));
    assert.ok(most > 0, 'two epochs leave some mistakes');
    await page.click(`#panel-predictions [data-cell="${label},${predicted}"]`);
    await settle(page);
    assert.match((await page.textContent('#panel-predictions .cell-examples h3')) ?? '', new RegExp(`True ${label}, predicted ${predicted}: ${most} example`));
    const images = await page.$$eval('#panel-predictions .cell-examples canvas.example-image', (all) =>
      all.map((c) => {
        const canvas = c as HTMLCanvasElement;
        const pixels = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
        let lit = 0;
        for (let i = 0; i < pixels.length; i += 4) if (pixels[i]! > 128) lit++;
        return { width: canvas.width, lit };
      }),
    );
    assert.equal(images.length, Math.min(48, most));
    assert.ok(images.every((i) => i.width === 8 && i.lit > 0 && i.lit < 64), JSON.stringify(images));
    assert.equal(await page.$eval(`#panel-predictions [data-cell="${label},${predicted}"]`, (b) => b.getAttribute('aria-pressed')), 'true');
    // Per-class table: one row per class, supports adding up to the split.
    const supports = await page.$$eval('#panel-predictions .class-table tbody tr td:last-child', (all) => all.map((c) => Number(c.textContent)));
    assert.deepEqual(supports, frame.perClass.map((m) => m.support));
    // Gallery: the most confidently wrong (the whole split is the pool for digits).
    const gallery = await page.$$eval('#panel-predictions .mistakes > figure', (all) => all.map((f) => Number(f.getAttribute('data-index'))));
    assert.deepEqual(gallery, frame.mistakes.map((m) => m.index).slice(0, 24));
    // Reliability with its ECE, and the entropy per epoch for train and validation.
    const titles = await page.$$eval('#panel-predictions .chart-title, #panel-predictions figure h3, #panel-predictions .figure-title', (all) => all.map((t) => t.textContent ?? ''));
    assert.ok(titles.some((t) => t.startsWith('Reliability diagram — ECE ')), titles.join(' | '));
    const legend = await page.$$eval('#panel-predictions .u-legend th', (all) => all.map((t) => t.textContent ?? ''));
    assert.ok(legend.some((t) => t.includes('train (probe batch)')) && legend.some((t) => t.includes('validation')), legend.join(' | '));
  });
});

test('Fit: the curve and 12 unit contributions per epoch; shown only for a 1 → 1 regression', { skip, timeout: 180_000 }, async () => {
  const fit = latentRecord(fitText, 'fit', 3);
  const digits = latentRecord(readFileSync(fromRoot('examples/digits-mlp.dlmodel'), 'utf8'), 'digits', 1);
  await withPanel([digits, fit], 'fit', async (page) => {
    assert.equal(await tabShown(page, 'fit'), true);
    assert.equal(await tabShown(page, 'predictions'), false, 'a regression has no Predictions tab');
    await page.click('#tab-fit');
    await settle(page);
    await page.focus('#panel-fit input[type="range"]');
    await page.keyboard.press('Home');
    await settle(page);
    assert.equal(await page.textContent('#panel-fit output'), 'epoch 1');
    assert.match((await page.textContent('#panel-fit .note')) ?? '', /Each of 12 units of dense_1/);
    const legend = await page.$$eval('#panel-fit .u-legend th', (all) => all.map((t) => t.textContent ?? ''));
    assert.ok(legend.some((t) => t.includes('sin(3*x)')) && legend.some((t) => t.includes('network (epoch 1)')), legend.join(' | '));
    const canvases = await page.$$eval('#panel-fit canvas', (all) => all.filter((c) => (c as HTMLElement).offsetParent !== null).length);
    assert.ok(canvases >= 2);
  });
});
