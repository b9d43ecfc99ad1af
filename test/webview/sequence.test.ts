// The Sequence tab in headless Chromium under the panel's strict CSP, from a real run's record
// (the tiny causal-attention fixture, one epoch, LatentRecorder as the worker records it): offered
// only for that run; the heatmap's cells are the recorded probabilities in viridis and the masked
// cells grey; a chosen character moves the highlighted row and the bars; the bars are
// softmax(logits / T) and the temperature slider reshapes them and their entropy; Generate asks the
// host for the seed stream's next draw at the slider's temperature and appends the answer's character
// (a refusal is said) until the window is full; the embedding PCA is drawn with four classes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { LatentRecorder } from '../../core/train';
import type { SequenceData } from '../../core/train/sequence-data';
import { RunRecordBuilder, type RunRecord } from '../../protocol/run-record';
import { attentionColour, cellGeometry, entropyBits, logitsAt, maskedFill, temperatureSoftmax, topTokens } from '../../webview/tabs/sequence-data';
import { planFile, startRun } from '../helpers/training';
import { readFileSync } from 'node:fs';
import { runWeightsToSafetensors } from '../../core/export/run-weights';
import { sequenceStep } from '../../core/generate/sequence-step';
import type { SequenceStepRequestMessage } from '../../protocol/sequence-step-messages';
import { fromRoot } from '../helpers/paths';
import { cspViolations, launchChromium, openPanel, panelContext, post, posted, settle } from './browser';
import { browserSkipReason, fixtureRecord } from './harness';

const skip = browserSkipReason();

/** The run's weights and file, as the extension keeps them for a finished run. */
let trained: { text: string; weights: Uint8Array } = { text: '', weights: new Uint8Array() };

function sequenceRecord(path = 'test/fixtures/sequence/tiny-attention.dlmodel', runId = 'seq'): RunRecord {
  const run = startRun(planFile(path, { epochs: 1 }));
  const latent = new LatentRecorder(run);
  const builder = new RunRecordBuilder(runId, runId, null, null);
  for (const event of run.events()) {
    builder.addAll([event]);
    if (event.type === 'epoch' && latent.records(event.epoch)) latent.capture(event.epoch);
  }
  builder.mergeLatent(latent.snapshot());
  trained = { text: readFileSync(fromRoot(path), 'utf8'), weights: runWeightsToSafetensors(run) };
  return builder.record();
}

/** The [r, g, b] at a point inside a heatmap cell, away from the hatching (which runs along the anti-diagonal). */
async function cellColour(page: Page, query: number, key: number): Promise<number[]> {
  return page.$eval(
    '#panel-sequence canvas.attention-canvas',
    (c, [q, k]) => {
      const canvas = c as HTMLCanvasElement;
      const ratio = canvas.width / Number(canvas.style.width.replace('px', ''));
      const cell = Number(canvas.dataset.cell);
      const margin = Number(canvas.dataset.margin);
      const x = Math.round((margin + k! * cell + cell * 0.25) * ratio);
      const y = Math.round((margin + q! * cell + cell * 0.25) * ratio);
      return Array.from(canvas.getContext('2d')!.getImageData(x, y, 1, 1).data.slice(0, 3));
    },
    [query, key],
  );
}

const near = (actual: readonly number[], expected: readonly number[]): boolean => actual.every((v, i) => Math.abs(v - expected[i]!) <= 2);

test('Sequence: heatmap with the causal mask, a chosen character, bars with a live temperature, Generate, embeddings', { skip, timeout: 300_000 }, async () => {
  const record = sequenceRecord();
  const data: SequenceData = record.latent!.sequence!;
  const sample = data.frame!.samples[0]!;
  const prompt = sample.prompt;
  assert.equal(prompt, 8, 'context 16: the last 8 positions are generated');
  const browser: Browser = await launchChromium();
  try {
    const { context, blocked } = await panelContext(browser);
    const page = await openPanel(context);
    await post(page, { type: 'state', runs: [fixtureRecord()], selectedRunId: fixtureRecord().runId });
    await settle(page);
    assert.equal(await page.$eval('#tab-sequence', (b) => (b as HTMLElement).hidden), true, 'no Sequence tab for a spirals classifier');
    await post(page, { type: 'state', runs: [fixtureRecord(), record], selectedRunId: 'seq' });
    await settle(page);
    assert.equal(await page.$eval('#tab-sequence', (b) => (b as HTMLElement).hidden), false);
    await page.click('#tab-sequence');
    await settle(page);

    // The heatmap: prompt × prompt cells; the mask grey above the diagonal, probabilities in viridis below.
    assert.equal(await page.$eval('#panel-sequence canvas.attention-canvas', (c) => (c as HTMLElement).dataset.length), String(prompt));
    assert.equal(cellGeometry(prompt).cell, 24);
    const weights = (layer: number, head: number, q: number, k: number): number => sample.attention[layer]![(head * 16 + q) * 16 + k]!;
    assert.ok(near(await cellColour(page, 0, 1), maskedFill), 'query 0 cannot see key 1');
    assert.ok(near(await cellColour(page, 5, 2), attentionColour(weights(0, 0, 5, 2))));
    assert.ok(near(await cellColour(page, 0, 0), attentionColour(1)), 'the first position can only look at itself');
    await page.selectOption('#panel-sequence select.sequence-layer', '1');
    await settle(page);
    await page.selectOption('#panel-sequence select.sequence-head', '1');
    await settle(page);
    assert.ok(near(await cellColour(page, 6, 3), attentionColour(weights(1, 1, 6, 3))), 'layer 2, head 2');

    // Bars at the last prompt position, then at a clicked character: softmax(z / T) at T = 1.
    const barsAt = async () => page.$$eval('#panel-sequence .token-row', (rows) => rows.map((r) => ({ token: Number(r.getAttribute('data-token')), probability: Number(r.getAttribute('data-probability')) })));
    const expectedBars = (position: number, temperature: number) => topTokens(temperatureSoftmax(logitsAt(data, sample, position), temperature), 10);
    const assertBars = (actual: { token: number; probability: number }[], expected: { token: number; probability: number }[]) => {
      assert.deepEqual(actual.map((b) => b.token), expected.map((b) => b.token));
      actual.forEach((b, i) => assert.ok(Math.abs(b.probability - expected[i]!.probability) < 1e-12));
    };
    assertBars(await barsAt(), expectedBars(prompt - 1, 1));
    await page.click('#panel-sequence .sequence-char[data-position="3"]');
    await settle(page);
    assert.equal(await page.$eval('#panel-sequence .sequence-char[data-position="3"]', (b) => b.getAttribute('aria-pressed')), 'true');
    assert.match((await page.textContent('#panel-sequence .next-token .note')) ?? '', /at position 3 /);
    assertBars(await barsAt(), expectedBars(3, 1));
    // A click on the heatmap's row 5 chooses position 5.
    await page.click('#panel-sequence canvas.attention-canvas', { position: { x: 20 + 24 * 2 + 5, y: 20 + 24 * 5 + 5 } });
    await settle(page);
    assert.equal(await page.$eval('#panel-sequence .sequence-char[data-position="5"]', (b) => b.getAttribute('aria-pressed')), 'true');

    // The temperature slider reshapes the bars and the entropy, here in the page.
    const bitsAt = async () => Number(await page.$eval('#panel-sequence .entropy', (p) => (p as HTMLElement).dataset.bits));
    const before = await bitsAt();
    await page.$eval('#panel-sequence input[aria-label="Temperature"]', (input) => {
      (input as HTMLInputElement).value = '0.5';
      input.dispatchEvent(new Event('input'));
    });
    const sharpened = temperatureSoftmax(logitsAt(data, sample, 5), 0.5);
    assert.ok(Math.abs((await bitsAt()) - entropyBits(sharpened)) < 1e-9);
    assert.ok((await bitsAt()) < before, 'T = 0.5 sharpens: lower entropy');
    assertBars(await barsAt(), expectedBars(5, 0.5));
    assert.match((await page.textContent('#panel-sequence .formula')) ?? '', /exp\(zᵢ \/ T\)/);

    // Generate asks the host for draw 0 of the typed seed's stream at the slider's temperature (0.5
    // now); the host's answer (core sequenceStep on the run's weights, as the extension computes it)
    // appends its character, and the next click asks for draw 1 of the grown window.
    await page.fill('#panel-sequence input.sequence-seed', '5');
    assert.match((await page.textContent('#panel-sequence .generate-note')) ?? '', /T = 0\.50 with draw 1 of seed 5’s stream/);
    const visible = (token: number): string => ({ ' ': '␣', '\n': '⏎' })[data.vocabulary[token]!] ?? data.vocabulary[token]!;
    let tokens = sample.tokens.slice(0, prompt);
    for (let draw = 0; prompt + draw < 16; draw++) {
      const before = (await posted(page)).length;
      await page.click('#panel-sequence button.generate-next');
      await settle(page);
      const request = (await posted(page)).slice(before).find((m) => (m as { type: string }).type === 'sequence-step') as SequenceStepRequestMessage;
      assert.deepEqual(request, { type: 'sequence-step', runId: 'seq', window: 0, tokens, prompt, temperature: 0.5, seed: 5, draw });
      assert.equal(await page.$eval('#panel-sequence button.generate-next', (b) => (b as HTMLButtonElement).disabled), true, 'one step at a time');
      if (draw === 1) {
        // A refusal is said, and changes nothing.
        await post(page, { type: 'sequence-step-result', runId: 'seq', window: 0, draw, token: null, sample: null, message: 'this run is still training' });
        await settle(page);
        assert.equal(await page.textContent('#panel-sequence .generate-note'), 'this run is still training');
        assert.equal(await page.$$eval('#panel-sequence .sequence-char', (all) => all.length), prompt + 1);
        await page.click('#panel-sequence button.generate-next');
        await settle(page);
      }
      const step = sequenceStep({ ...trained, ...request });
      assert.ok(step.ok);
      await post(page, { type: 'sequence-step-result', runId: 'seq', window: 0, draw, token: step.token, sample: step.sample, message: null });
      await settle(page);
      tokens = [...tokens, step.token];
      const chars = await page.$$eval('#panel-sequence .sequence-char', (all) => all.map((b) => b.textContent));
      assert.deepEqual(chars, tokens.map(visible));
      assert.equal(await page.$eval('#panel-sequence canvas.attention-canvas', (c) => (c as HTMLElement).dataset.length), String(prompt + draw + 1));
    }
    assert.equal(await page.$eval('#panel-sequence button.generate-next', (b) => (b as HTMLButtonElement).disabled), true);
    assert.equal(await page.$$eval('#panel-sequence .sequence-char.generated', (all) => all.length), 16 - prompt);

    // The embedding PCA: drawn, with the four character classes in its legend.
    const legend = await page.$$eval('#panel-sequence .embedding-plot .legend li', (all) => all.map((li) => li.textContent ?? ''));
    assert.deepEqual(legend.map((l) => l.split('(')[0]!.replace('●', '').trim()), ['letter', 'digit', 'punctuation', 'whitespace']);
    const inked = await page.$eval('#panel-sequence canvas.embedding-canvas', (c) => {
      const canvas = c as HTMLCanvasElement;
      const pixels = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      let count = 0;
      for (let i = 3; i < pixels.length; i += 4) if (pixels[i]! > 0) count++;
      return count;
    });
    assert.ok(inked > 200, `${inked} pixels drawn`);
    assert.deepEqual(await cspViolations(page), []);
    assert.deepEqual(blocked, []);
    await context.close();
  } finally {
    await browser.close();
  }
});

test('Sequence for an LSTM and an MLP character model: bars, Generate and the embedding PCA, no attention section', { skip, timeout: 300_000 }, async () => {
  const browser: Browser = await launchChromium();
  try {
    const { context, blocked } = await panelContext(browser);
    const page = await openPanel(context);
    for (const [path, runId] of [['examples/char-lstm.dlmodel', 'lstm'], ['examples/char-model.dlmodel', 'mlp']] as const) {
      const record = sequenceRecord(path, runId);
      const data = record.latent!.sequence!;
      const sample = data.frame!.samples[0]!;
      assert.deepEqual(data.layers, []);
      await post(page, { type: 'state', runs: [record], selectedRunId: runId });
      await settle(page);
      assert.equal(await page.$eval('#tab-sequence', (b) => (b as HTMLElement).hidden), false, `${path}: the Sequence tab is offered`);
      await page.click('#tab-sequence');
      await settle(page);
      assert.equal(await page.$eval('#panel-sequence .attention-section', (s) => (s as HTMLElement).hidden), true, `${path}: no attention section`);
      assert.equal(await page.$$eval('#panel-sequence canvas.attention-canvas', (all) => all.length), 0);
      const bars = await page.$$eval('#panel-sequence .token-row', (rows) => rows.map((r) => Number(r.getAttribute('data-token'))));
      assert.deepEqual(bars, topTokens(temperatureSoftmax(logitsAt(data, sample, sample.prompt - 1), 1), 10).map((b) => b.token), path);
      const before = (await posted(page)).length;
      await page.click('#panel-sequence button.generate-next');
      await settle(page);
      const request = (await posted(page)).slice(before).find((m) => (m as { type: string }).type === 'sequence-step') as SequenceStepRequestMessage;
      const step = sequenceStep({ ...trained, ...request });
      assert.ok(step.ok, step.ok ? '' : step.message);
      await post(page, { type: 'sequence-step-result', runId, window: 0, draw: 0, token: step.token, sample: step.sample, message: null });
      await settle(page);
      assert.equal(await page.$$eval('#panel-sequence .sequence-char.generated', (all) => all.length), 1, path);
      assert.equal(await page.$eval('#panel-sequence .embedding-plot', (e) => (e as HTMLElement).hidden), false, `${path}: the embedding PCA is shown`);
    }
    assert.deepEqual(await cspViolations(page), []);
    assert.deepEqual(blocked, []);
    await context.close();
  } finally {
    await browser.close();
  }
});
