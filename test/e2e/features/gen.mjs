// Generate Text… in a real VS Code: before any run it says there is none and offers Train (which
// trains the tiny attention model, seconds); then it asks for a prompt, temperature, length, top-k and seed and
// streams the generated characters into a new untitled editor that starts with the prompt and
// holds exactly prompt + length characters; Cancel on the progress notification stops a long one.
// Its own name in the workspace: quick open matches by file name, and the seqtab module's fixture is
// also a tiny-attention.dlmodel (trained by then, so 'no trained run' would not be said).
const file = 'gen-attention.dlmodel';
const prompt = 'the ';
const length = 120;

/** Answers the input box whose title contains `title` with `text` (replacing its default value). */
async function answerInputBox(h, title, text) {
  const box = h.quickInput();
  await h.poll(async () => (await box.locator('.quick-input-title').innerText().catch(() => '')).includes(title),
    async () => `no input box titled "${title}"; shown: ${JSON.stringify(await box.locator('.quick-input-title').innerText().catch(() => '(none)'))}`);
  // fill() focuses the input and replaces its default value (typed keys can be lost while the
  // focus is still moving to the input on a busy machine).
  await box.locator('input').fill(text);
  await box.locator('input').press('Enter');
}

/** Closes the generated (unsaved) untitled editors without saving, so Close All Editors meets no save prompt. */
async function discardUntitled(h) {
  const untitled = h.page.locator('.tabs-container .tab', { hasText: 'Untitled' });
  for (let open = await untitled.count(); open > 0; open = await untitled.count()) {
    await untitled.first().click();
    await h.runCommand('View: Revert and Close Editor');
    await h.poll(async () => (await untitled.count()) < open, 'an untitled editor stayed open after View: Revert and Close Editor');
  }
}

/** Runs Generate Text… on the model with these answers, alone in the editor area (the training panel closed). */
async function generate(h, answers) {
  await discardUntitled(h);
  await h.closeAllEditors();
  await h.openFile(file);
  await h.runCommand('dlmodel: Generate Text…');
  await answerInputBox(h, 'prompt', answers.prompt);
  await answerInputBox(h, 'temperature', answers.temperature);
  await answerInputBox(h, 'length', answers.length);
  await answerInputBox(h, 'top-k', answers.topK ?? '0');
  await answerInputBox(h, 'seed', answers.seed ?? '0');
  await h.page.locator('.tabs-container .tab.active', { hasText: 'Untitled' }).waitFor({ state: 'visible' });
}

/** The number of characters in the active editor, from the status bar after Select All (newlines count 1). */
async function editorCharacterCount(h) {
  await h.runCommand('View: Focus Active Editor Group');
  await h.page.keyboard.press('Control+A');
  const selection = h.page.locator('[id="status.editor.selection"]');
  const text = await h.poll(async () => {
    const shown = await selection.innerText().catch(() => '');
    return /\((\d[\d,]*) selected\)/.test(shown) ? shown : null;
  }, async () => `the status bar shows no selection count: "${await selection.innerText().catch(() => '(none)')}"`);
  return Number(/\((\d[\d,]*) selected\)/.exec(text)[1].replace(/,/g, ''));
}

/** The outcomes the output channel logged so far ("generation from FILE done|cancelled|failed"), oldest first. */
const outcomes = (h) => [...h.channelLog().matchAll(/generation from \S+ (done|cancelled|failed)/g)].map((m) => m[1]);

/** Waits for the outcome of the generation after the first `before` and returns it. */
const nextOutcome = (h, before) => h.poll(() => outcomes(h)[before], 'the dlmodel output channel logs no end of the generation', 3 * h.WAIT_MS);

export default {
  name: 'gen',
  files: { [`gen/${file}`]: 'test/fixtures/generate/tiny-attention.dlmodel', 'gen/tiny-corpus.txt': 'examples/data/tiny-corpus.txt' },
  async run(h) {
    await h.check('gen-a', 'Generate Text… without a run says so and offers Train', async () => {
      await h.openFile(file);
      await h.runCommand('dlmodel: Generate Text…');
      await h.waitForNotification('has no trained run in this window');
      const toast = h.page.locator('.notifications-toasts .notification-toast', { hasText: 'has no trained run' }).first();
      await toast.locator('.monaco-button', { hasText: 'Choose Weights File…' }).waitFor({ state: 'visible' });
      await toast.locator('.monaco-button', { hasText: /^Train$/ }).click();
      await h.poll(() => /run gen\/gen-attention\.dlmodel completed/.test(h.channelLog()), 'the run started from the notification’s Train did not complete', 3 * h.WAIT_MS);
      h.ok('gen-a. Generate Text… before any run: "has no trained run in this window", offers Train and Choose Weights File…; Train trained the model');
    });

    await h.check('gen-b', 'Generate Text… streams prompt + length characters into an untitled editor', async () => {
      await h.resetUi();
      const before = outcomes(h).length;
      await generate(h, { prompt, temperature: '0.5', length: String(length), topK: '10', seed: '7' });
      const outcome = await nextOutcome(h, before);
      if (outcome !== 'done') h.fail(`the generation ended ${outcome}: ${h.channelLog().split('\n').filter((l) => l.includes('generation')).slice(-2).join(' | ')}`);
      const firstLine = h.page.locator('.editor-instance .view-lines .view-line[style*="top:0px"]');
      const shown = (await firstLine.innerText()).replace(/\u00a0/g, ' ');
      if (!shown.startsWith(prompt)) h.fail(`the untitled editor does not start with the prompt "${prompt}": "${shown.slice(0, 40)}"`);
      await h.shot('generate-text');
      const count = await editorCharacterCount(h);
      if (count !== prompt.length + length) h.fail(`the untitled editor holds ${count} characters, not ${prompt.length} + ${length}`);
      h.ok(`gen-b. Generate Text… (prompt "${prompt}", temperature 0.5, length ${length}): the untitled editor starts "${shown.slice(0, 30)}…" and holds ${count} characters`);
    });

    await h.check('gen-c', 'Cancel stops a long generation', async () => {
      await h.resetUi();
      const before = outcomes(h).length;
      await generate(h, { prompt, temperature: '0.5', length: '1000000' });
      const toast = h.page.locator('.notifications-toasts .notification-toast', { hasText: 'Generating 1,000,000 characters' }).first();
      await toast.waitFor({ state: 'visible' });
      // Text streams in while the notification shows its progress (the README's picture).
      const progress = toast.locator('.notification-list-item-message');
      const counted = async () => Number((/([\d,]+)\/1,000,000/.exec(await progress.innerText().catch(() => '')) ?? ['', '0'])[1].replace(/,/g, ''));
      await h.poll(async () => (await counted()) >= 300, async () => `the progress notification does not count 300 characters: "${await progress.innerText().catch(() => '(gone)')}"`);
      await h.shot('generate-text-streaming');
      await toast.hover();
      const beforeCancel = await counted();
      await toast.locator('.monaco-button', { hasText: 'Cancel' }).click();
      const outcome = await nextOutcome(h, before);
      if (outcome !== 'cancelled') h.fail(`the generation ended ${outcome}, not cancelled`);
      const count = await editorCharacterCount(h);
      if (count >= 1_000_000) h.fail(`Cancel did not stop the generation: ${count} characters`);
      await discardUntitled(h);
      h.ok(`gen-c. Cancel on the progress notification stopped a 1,000,000-character generation: ${beforeCancel} characters counted before the click, ${count} in the editor after it`);
    });
  },
};
