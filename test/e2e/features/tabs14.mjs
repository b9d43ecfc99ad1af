// The Convolutions and Latent manifold tabs in a real VS Code: train a tiny conv net and a short
// digits VAE from the palette, open each tab in the panel and see its pictures drawn (canvases with
// painted pixels), with a screenshot of each.

/** Waits until the panel's `tab` is offered for the run just trained, opens it and waits for its last epoch. */
async function openTab(h, tab, epochs) {
  const panel = await h.webviewFrame(`#tab-${tab}:not([hidden])`, `the panel offers no ${tab} tab`, 180_000);
  await panel.locator(`#tab-${tab}`).click();
  await h.poll(async () => ((await panel.locator(`#panel-${tab} output`).first().textContent()) ?? '') === `epoch ${epochs}`,
    async () => `the ${tab} tab does not show epoch ${epochs}: "${await panel.locator(`#panel-${tab} output`).first().textContent()}"`, 180_000);
  return panel;
}

/** Canvases under `selector` with at least one painted pixel, and how many there are. */
async function paintedCanvases(panel, selector) {
  return panel.locator(selector).evaluateAll((all) => all.map((c) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let painted = 0;
    for (let i = 3; i < d.length; i += 4) if (d[i] > 0) painted++;
    return painted;
  }).filter((n) => n > 0).length);
}

export default {
  name: 'tabs14',
  files: { 'tiny-conv.dlmodel': 'test/e2e/fixtures/tiny-conv.dlmodel', 'digits-vae-short.dlmodel': 'test/e2e/fixtures/digits-vae-short.dlmodel' },
  async run(h) {
    await h.check('tabs14-a', 'Convolutions tab: filters and feature maps', async () => {
      await h.openFile('tiny-conv.dlmodel');
      await h.runCommand('dlmodel: Train Model');
      const panel = await openTab(h, 'convolutions', 2);
      const filters = await paintedCanvases(panel, '#panel-convolutions .conv-filters canvas.picture');
      const maps = await paintedCanvases(panel, '#panel-convolutions .conv-layer canvas.picture');
      const titles = await panel.locator('#panel-convolutions .conv-layer > figcaption').allInnerTexts();
      if (filters !== 4) h.fail(`expected 4 painted filters, found ${filters}`);
      if (maps !== 4 + 8) h.fail(`expected 12 painted feature maps (4 + 8 channels), found ${maps}`);
      if (titles.join(' | ') !== 'conv2d_1 · [4, 8, 8] | conv2d_2 · [8, 4, 4]') h.fail(`layer titles: ${titles.join(' | ')}`);
      await h.shot('tabs14-convolutions');
      h.ok(`tabs14-a. Convolutions tab after 2 epochs of tiny-conv: ${filters} filters, ${maps} feature maps painted; layers ${titles.join(', ')}`);
    });

    await h.check('tabs14-b', 'Latent manifold tab: encoded set, decoded grid, reconstructions', async () => {
      await h.openFile('digits-vae-short.dlmodel');
      await h.runCommand('dlmodel: Train Model');
      const panel = await openTab(h, 'manifold', 4);
      const planes = await paintedCanvases(panel, '#panel-manifold .chart canvas');
      const pairs = await panel.locator('#panel-manifold .picture-pair').count();
      if (planes !== 2) h.fail(`expected both planes painted, found ${planes}`);
      if (pairs !== 12) h.fail(`expected 12 reconstruction pairs, found ${pairs}`);
      const plane = panel.locator('#panel-manifold .chart canvas').nth(1);
      const box = await plane.boundingBox();
      await plane.click({ position: { x: box.width * 0.25, y: box.height * 0.5 } });
      await plane.click({ position: { x: box.width * 0.75, y: box.height * 0.5 } });
      const strip = await h.poll(async () => {
        const n = await paintedCanvases(panel, '#panel-manifold .manifold-interpolation canvas.picture');
        return n === 10 ? n : null;
      }, 'two clicks did not give 10 decoded interpolation images');
      await h.shot('tabs14-manifold');
      h.ok(`tabs14-b. Latent manifold tab after 4 epochs of the digits VAE: both planes painted, ${pairs} reconstruction pairs, ${strip} interpolation images after two clicks`);
    });
  },
};
