// The Predictions and Fit tabs in a real VS Code: train a digits MLP for 3 epochs and a one-hidden-
// layer sin(3x) regression from the palette, open each tab and check what it draws against the
// numbers the same page shows (the confusion matrix adds up to the split and its diagonal to the
// accuracy; a cell's click lists as many drawn images as its count), with an element screenshot
// of each tab for the README.

const DIGITS = { file: 'predfit-digits.dlmodel', epochs: 3, validation: 360, classes: 10 };
const SIN = { file: 'predfit-sin.dlmodel', epochs: 400, units: 12 };

/** Waits until the panel offers `tab` for the run just trained, selects it and waits for its last epoch. */
async function openTab(h, tab, epochs) {
  const panel = await h.webviewFrame(`#tab-${tab}:not([hidden])`, `the panel offers no ${tab} tab`, 180_000);
  const button = panel.locator(`#tab-${tab}`);
  const output = panel.locator(`#panel-${tab} output`).first();
  await h.poll(async () => {
    if ((await button.getAttribute('aria-selected').catch(() => null)) !== 'true') await button.click().catch(() => {});
    return ((await output.textContent().catch(() => '')) ?? '') === `epoch ${epochs}`;
  }, async () => `the ${tab} tab does not show epoch ${epochs}: "${await output.textContent().catch(() => '')}"`, 180_000);
  return panel;
}

/**
 * A picture of the panel with its editor group maximised (the panel is 434 px wide beside the
 * editor, and a webview paints only what is on screen), `top` scrolled to the top of the view.
 */
async function maximisedShot(h, name, top) {
  const frame = h.page.locator('iframe.webview.ready').first();
  const wide = async () => ((await frame.boundingBox())?.width ?? 0) > 800;
  // A toggle: a retry after a failure below may find the group maximised already.
  if (!(await wide())) await h.runCommand('View: Toggle Maximize Editor Group');
  await h.poll(wide, 'the panel did not widen when maximised');
  await top.evaluate((element) => element.scrollIntoView({ block: 'start' }));
  await h.shotOf(name, frame);
  await h.runCommand('View: Toggle Maximize Editor Group');
}

/** How many canvases under `selector` have at least one painted pixel. */
async function paintedCanvases(panel, selector) {
  return panel.locator(selector).evaluateAll((all) => all.filter((c) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    for (let i = 3; i < d.length; i += 4) if (d[i] > 0) return true;
    return false;
  }).length);
}

export default {
  name: 'predfit',
  files: { [DIGITS.file]: `test/e2e/fixtures/${DIGITS.file}`, [SIN.file]: `test/e2e/fixtures/${SIN.file}` },
  async run(h) {
    await h.check('predfit-a', 'Predictions tab: confusion matrix, a cell\'s examples, ECE', async () => {
      await h.openFile(DIGITS.file);
      await h.runCommand('dlmodel: Train Model');
      const panel = await openTab(h, 'predictions', DIGITS.epochs);
      const tab = panel.locator('#panel-predictions');
      const counts = (await tab.locator('.confusion-cell .count').allInnerTexts()).map(Number);
      if (counts.length !== DIGITS.classes ** 2) h.fail(`expected a ${DIGITS.classes}×${DIGITS.classes} matrix, found ${counts.length} cells`);
      const total = counts.reduce((a, b) => a + b, 0);
      if (total !== DIGITS.validation) h.fail(`the matrix counts ${total} examples, the validation split has ${DIGITS.validation}`);
      const diagonal = counts.filter((_, i) => i % (DIGITS.classes + 1) === 0).reduce((a, b) => a + b, 0);
      const status = await tab.locator('p.status').innerText();
      const accuracy = Number(/accuracy ([\d.]+)%/.exec(status)?.[1]);
      if (!(Math.abs(accuracy - (100 * diagonal) / total) < 0.051)) h.fail(`status "${status}": accuracy ≠ diagonal ${diagonal}/${total}`);
      const ece = Number(/ECE ([\d.e-]+)/.exec(status)?.[1]);
      if (!(ece >= 0 && ece <= 1)) h.fail(`status "${status}" shows no ECE in [0, 1]`);
      const reliability = await tab.innerText();
      if (!reliability.includes('Reliability diagram — ECE ')) h.fail('the reliability diagram has no ECE in its title');
      // The largest off-diagonal cell: a click lists its examples, each drawn as an image.
      let [cell, most] = [-1, 0];
      counts.forEach((n, i) => { if (i % (DIGITS.classes + 1) !== 0 && n > most) [cell, most] = [i, n]; });
      if (most === 0) h.fail('3 epochs left no mistake to click');
      const [label, predicted] = [Math.floor(cell / DIGITS.classes), cell % DIGITS.classes];
      await tab.locator(`[data-cell="${label},${predicted}"]`).click();
      const heading = await h.poll(async () => {
        const text = await tab.locator('.cell-examples h3').innerText().catch(() => '');
        return text.startsWith(`True ${label}, predicted ${predicted}: ${most} example`) ? text : null;
      }, async () => `clicking cell ${label},${predicted} (${most}) listed "${await tab.locator('.cell-examples h3').innerText().catch(() => '')}"`);
      const images = await paintedCanvases(panel, '#panel-predictions .cell-examples canvas.example-image');
      if (images !== Math.min(48, most)) h.fail(`cell ${label},${predicted} lists ${images} painted images, expected ${Math.min(48, most)}`);
      const mistakes = await tab.locator('.mistakes > figure').count();
      await maximisedShot(h, 'predfit-predictions', tab.locator('p.status'));
      h.ok(`predfit-a. Predictions after ${DIGITS.epochs} epochs of digits-mlp: ${counts.length} cells adding up to ${total}, diagonal ${diagonal} = the status's ${accuracy}%; ECE ${ece}; "${heading}" with ${images} images; ${mistakes} confidently wrong shown`);
    });

    await h.check('predfit-b', 'Fit tab: the curve of sin(3x) and each hidden unit\'s contribution', async () => {
      await h.openFile(SIN.file);
      await h.runCommand('dlmodel: Train Model');
      const panel = await openTab(h, 'fit', SIN.epochs);
      const tab = panel.locator('#panel-fit');
      const note = await tab.locator('p.note').innerText();
      if (!note.startsWith(`Each of ${SIN.units} units of hidden times its output weight`)) h.fail(`unit note: "${note}"`);
      const legend = await tab.locator('.u-legend th').allInnerTexts();
      for (const want of ['sin(3*x)', 'training points', `network (epoch ${SIN.epochs})`]) {
        if (!legend.some((t) => t.includes(want))) h.fail(`the fit's legend lacks "${want}": ${legend.join(' | ')}`);
      }
      const charts = await paintedCanvases(panel, '#panel-fit canvas');
      if (charts < 2) h.fail(`expected the curve and the units drawn, found ${charts} painted canvases`);
      await maximisedShot(h, 'predfit-fit', tab.locator('.controls'));
      h.ok(`predfit-b. Fit after ${SIN.epochs} epochs of sin(3x): ${charts} painted canvases; "${note}"`);
    });
  },
};
