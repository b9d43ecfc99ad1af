// *dlmodel: Step Through Backpropagation* (issue 13 §3) in a real VS Code, on the XOR net: the
// trace is computed by the extension's worker from the engine's tape; the checks walk one full
// backward pass with the panel's controls.
//   backprop-a  the step-through opens with a node per scalar; F (key) runs the first forward op
//   backprop-b  the Backward button, once per step, walks the whole backward pass: each step has
//               one current node and its own chain-rule text; at the end every weight shows its
//               gradient and a ✓ badge (tape = finite difference)
const FILE = 'xor.dlmodel';
/** examples/xor.dlmodel: 2 inputs, 8 tanh units, 2 logits = 42 weights and biases, 63 scalars. */
const EXPECT = { scalars: 63, weights: 42 };

const statusOf = (view) => view.locator('.side .status').innerText({ timeout: 1_000 }).catch(() => '');

export default {
  name: 'backprop',
  files: { [FILE]: `examples/${FILE}` },
  async run(h) {
    let view;

    // The panel gets the explorer's room (for the screenshots); the side bar is back at the end.
    await h.runCommand('View: Close Primary Side Bar');
    await h.check('backprop-a', 'Step Through Backpropagation on the XOR net; F runs the first forward op', async () => {
      await h.openFile(FILE);
      await h.runCommand('dlmodel: Step Through Backpropagation');
      view = await h.webviewFrame('svg g.node[data-scalar]', async () => `the step-through drew no node; it shows: ${JSON.stringify(await h.page.frameLocator('iframe.webview.ready').first().frameLocator('#active-frame').locator('body').innerText({ timeout: 1_000 }).catch(() => '<no webview>'))}`);
      const scalars = await view.locator('g.node[data-scalar]').count();
      if (scalars !== EXPECT.scalars) h.fail(`expected ${EXPECT.scalars} scalar nodes, found ${scalars}`);
      await h.poll(async () => /before the forward pass/.test(await statusOf(view)), async () => `status: "${await statusOf(view)}"`);
      // The keys act on the panel once it has the focus (a click on its title).
      await view.locator('header h1').click();
      await h.page.keyboard.press('f');
      await h.poll(async () => /forward 1 \//.test(await statusOf(view)), async () => `after F: status "${await statusOf(view)}"`);
      h.ok(`backprop: ${scalars} scalar nodes; F ran forward step 1 ("${await statusOf(view)}")`);
    });

    await h.check('backprop-b', 'the Backward button walks one full backward pass; gradients and ✓ badges on every weight', async () => {
      const backward = view.locator('header button', { hasText: /^Backward$/ });
      const explanations = new Set();
      // The first press finishes the forward pass; each later one is one backward step.
      await backward.click();
      await h.poll(async () => /forward (\d+) \/ \1$/.test(await statusOf(view)), async () => `Backward did not finish the forward pass: "${await statusOf(view)}"`);
      let steps = 0;
      for (let k = 1; ; k++) {
        await backward.click();
        const status = await h.poll(async () => {
          const s = await statusOf(view);
          return new RegExp(`backward ${k} / \\d+$`).test(s) && s;
        }, async () => `after ${k} Backward presses: status "${await statusOf(view)}"`);
        const current = await view.locator('g.node.current').count();
        if (current !== 1) h.fail(`backward step ${k}: ${current} current nodes, expected 1`);
        explanations.add(await view.locator('pre.explain').innerText());
        steps = Number(/\/ (\d+)$/.exec(status)[1]);
        if (k === 1) await h.shot('backprop-first-backward-step');
        if (k === steps) break;
      }
      if (explanations.size !== steps) h.fail(`${steps} backward steps showed ${explanations.size} distinct explanations`);
      const weights = view.locator('g.node.role-weight');
      const gradients = (await weights.locator('text.gradient').allTextContents()).filter((t) => /^∂L = [−-]?\d/.test(t.trim()));
      const checked = await view.locator('g.node.role-weight.check-ok').count();
      const badges = (await weights.locator('text.badge').allTextContents()).filter((t) => t.trim() === '✓');
      if (gradients.length !== EXPECT.weights || checked !== EXPECT.weights || badges.length !== EXPECT.weights) {
        h.fail(`after the backward pass: ${gradients.length} weight gradients, ${checked} check-ok nodes, ${badges.length} ✓ badges; expected ${EXPECT.weights} each`);
      }
      await view.locator('g.node.role-weight').first().click();
      const details = await h.poll(async () => {
        const t = await view.locator('pre.details').innerText();
        return /finite difference .*✓ agree/.test(t) && t;
      }, 'the selected weight shows no finite-difference check');
      await h.shot('backprop-after-backward-pass');
      h.ok(`backprop: one full backward pass in ${steps} Backward presses (${explanations.size} distinct chain-rule steps); ${EXPECT.weights} weights with gradients and ✓; "${details.split('\n').at(-1)}"`);
    });
    await h.runCommand('View: Toggle Primary Side Bar Visibility');
  },
};
