#!/usr/bin/env node
// vscode-web.mjs — end-to-end test of dlmodel studio in a REAL VS Code (code-server 4.100.3 =
// VS Code 1.100.3) driven by playwright-core in Debian's headless Chromium. Offline.
//
// Adapted from ../shared/tools/vscode-web-e2e-example.mjs (copied, not imported, so this test
// keeps working if shared/ changes). It installs the packaged .vsix the way a user does
// (`code-server --install-extension`), opens a workspace with copies of examples/*.dlmodel and a
// deliberately broken model, and checks what a user sees: the language and its colouring, the
// diagnostics, hover, completion, inlay hints, code lenses, a quick fix, the outline, the server
// coming back after a crash — and then, in a second code-server, Restricted Mode. Checks:
//   a  spirals.dlmodel: language `dlmodel`, onLanguage activation, TextMate colour + scope
//   b  broken.dlmodel: "Errors: 2" in the status bar, DL401 and DL312 in the Problems panel
//   c  hover on a layer shows its parameter formula      d  completion lists `dense`
//   e  inlay hint `→ [16] · 48 params`                    f  quick fix "Change to 'relu'"
//   g  Outline view: model and layers                     h  code lenses: totals, Train → trained
//   i  SIGKILL of dist/server.js: the client restarts it and an edit gets diagnostics again
//   j′ trusted: the CSV is read (hover on csv(…))         j  Restricted Mode: activates, DL516 instead
//   j″ Restricted Mode: Train Model explains that training needs trust
//   k  trusting the folder then (no reload) re-checks: DL516 gone, the CSV is read
//   l  training a saturated model puts DL604 in the Problems panel; Stop ends a long run
//   m  the training panels open beside the editor; each tab draws its charts
//   n  Compute landscape in the panel: computed in the worker and drawn
//   o  Export to ONNX… writes xor.onnx into the workspace
//   p  Train on a file with errors: points to the Problems panel, adds no run; the report leads with the run on screen
//   q  Export to ONNX… after training writes the trained weights (= dlmodel train --save + export --init)
//
//   npm run package                                   # builds dlmodel-studio.vsix
//   VSCODE_WEB_BIN="$(bash ../shared/tools/install-vscode-web.sh)"
//   node test/e2e/vscode-web.mjs --screenshots test-results/e2e-screenshots
//   node test/e2e/vscode-web.mjs --scenario restricted          # only the Restricted-Mode run
//
// Options:
//   --bin PATH           code-server binary (default: $VSCODE_WEB_BIN)
//   --vsix FILE          the packaged extension (default: dlmodel-studio.vsix at the repository root)
//   --scenario NAMES     all, or some of main,restricted,features (default all; each its own code-server):
//                        main: Workspace Trust off, checks a–i and j′; restricted: Workspace Trust
//                        on and the trust dialog declined (Restricted Mode), checks j and k
//                        features: Workspace Trust off, the modules of test/e2e/features/
//   --only A,B           with --scenario features: only these feature modules (names in features/index.mjs)
//   --restricted         the same as --scenario restricted
//   --screenshots DIR    where the PNGs go (default: <temp dir>/screenshots)
//   --failure-dir DIR    where a failed run writes its logs and screenshots
//                        (default: test-results/e2e-failure-<timestamp>)
//   --keep               keep the temp dir (user-data-dir with logs, extensions dir, workspace)
//
// Waits: every wait waits for a condition (a dialog, a file, a status-bar text, a log line), polled,
// with a generous deadline that is only a hang guard (60 s by default; CI runs on a busy 2-core
// machine). No timing decides a check: the times are printed as `timing:` lines. Each check runs
// its UI step a second time (after Escape and clearing notifications) before it fails.
//
// Exit status: 0 all checks passed; 1 a check or step failed; 2 bad usage. A failure prints FIRST
// "E2E FAILED: check <id> (<what>): <reason>", then "E2E logs and screenshots: <folder>" — the
// failure folder holds the code-server output, the VS Code logs (extension host, the extension's
// output channel), the browser console, this script's log and the screenshots — and nothing long,
// so a caller that keeps only the end of the output still shows why. The last line is
// "e2e: N passed, M failed". The code-server process group this script started is killed in every
// case (also on Ctrl-C / SIGTERM). The temp dir is removed after a pass and KEPT after a failure.
//
// playwright-core is resolved from this project first, then from the install prefix of
// code-server (install-vscode-web.sh puts it there).

import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import FEATURES from './features/index.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

// ---------------------------------------------------------------------------
// What dlmodel studio contributes and what the example files give.
const EXPECT = {
  extensionId: 'dlmodel-studio.dlmodel-studio',
  languageName: 'dlmodel',                          // status bar language indicator (first alias)
  activationEvent: 'onLanguage:dlmodel',
  outputChannel: 'dlmodel',                         // LogOutputChannel name -> dlmodel.log
  activatedLine: /dlmodel studio activated in ([\d.]+) ms(?: \(bundle evaluated in ([\d.]+) ms before that\))?/,
  // spirals.dlmodel (a copy of examples/spirals.dlmodel)
  spirals: {
    file: 'spirals.dlmodel',
    modelScope: 'storage.type.model.dlmodel',       // the `model` keyword's TextMate scope
    hoverLine: 'dense(3)',                          // the line whose layer name is hovered
    hoverText: '16·3 + 3 = 51',                     // its parameter formula in the hover
    inlayHint: '→ [16] · 48 params',                // the first layer's hint
    lensTotals: '371 params',                       // the code lens above the model
    trainLens: 'Train',
    trainNotification: 'Training spirals.dlmodel',   // the progress notification's title
    trainedStatus: '200/200 · loss',                  // the status bar item after the last epoch
    completionLineAfter: 'softmax()',               // a new line goes after this one
    completionPrefix: 'de',
    completionItem: 'dense',
    outline: ['Spirals', 'hidden1'],                // model name and a layer name
    outlineDetail: '[2] → [3] · 371 params',        // the model's detail
  },
  broken: {
    file: 'broken.dlmodel',
    text: 'model M {\n  input [64]\n  conv2d(8, 3)\n  dense(3, activation: rellu)\n}\n',
    problems: { errors: 2, warnings: 0 },
    codes: ['DL401', 'DL312'],
    typo: 'rellu',
    fix: "Change to 'relu'",
    afterFix: { errors: 1, warnings: 0 },
    fixedText: 'activation: relu)',
  },
  // Restricted Mode: reads a CSV in its train block
  data: {
    file: 'points.dlmodel',
    text: `# Reads its data from a CSV file next to it: in Restricted Mode the file is not read (DL516).
model Points {
  input [2]
  dense(8, activation: relu)
  dense(2)
}

train {
  model: Points
  data: csv("data/points.csv", target: "label")
  loss: cross_entropy
  optimizer: sgd(lr: 0.1)
  epochs: 5
}
`,
    csv: 'x,y,label\n0.1,0.2,a\n0.5,0.1,b\n0.9,0.7,a\n0.3,0.8,b\n',
    code: 'DL516',
    trustedHover: '4 samples before the split',     // the hover on csv(…) when the file is read
  },
  // A deliberately unhealthy model: training it reports saturated tanh units on its first layer.
  health: {
    file: 'saturated.dlmodel',
    source: 'test/fixtures/health/saturated-tanh.dlmodel',
    code: 'DL604',
    problems: { errors: 2, warnings: 1 },            // the status bar counts the whole workspace: broken.dlmodel's 2 errors too
  },
  // A long run to stop: the CNN on digits for many epochs.
  long: { file: 'digits-cnn.dlmodel', stoppedStatus: 'training stopped' },
  panelTabs: ['Training', 'Gradients', 'Latent space', 'Loss landscape'],
  examples: ['spirals.dlmodel', 'xor.dlmodel', 'moons.dlmodel', 'digits-cnn.dlmodel'],
};

// ---------------------------------------------------------------------------
const { values: opt } = parseArgs({
  options: {
    bin: { type: 'string' },
    vsix: { type: 'string' },
    screenshots: { type: 'string' },
    'failure-dir': { type: 'string' },
    scenario: { type: 'string', default: 'all' },
    only: { type: 'string' },
    restricted: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
  },
});

class Failure extends Error {}
const fail = (msg) => { throw new Failure(msg); };
/** Deadline of a wait: a hang guard only, long enough for a machine at load 20. */
const WAIT_MS = 60_000;
const T0 = Date.now();
const secs = () => ((Date.now() - T0) / 1000).toFixed(1).padStart(5);
const LOG_LINES = [];   // this script's log, written to the failure folder
const log = (...a) => {
  const line = `[e2e ${secs()}s] ${a.join(' ')}`;
  LOG_LINES.push(line);
  console.log(line);
};
let passed = 0;
const ok = (msg) => { passed++; log(`✓ ${passed} ${msg}`); };   // a passed check
const timings = {};
/** The check being run, for the failure message: { id, what }. */
let currentCheck = null;

/**
 * Runs one check: its UI step, and once more (after resetting the UI) if that fails. A second
 * failure ends the run with the check's id and the reason of each attempt.
 */
async function check(id, what, step) {
  currentCheck = { id, what };
  let first;
  for (let attempt = 1; attempt <= 2; attempt++) {
    try {
      await step(attempt);
      currentCheck = null;
      return;
    } catch (err) {
      const reason = err instanceof Failure ? err.message : String(err?.stack || err);
      if (attempt === 2) fail(`${reason}${first !== undefined ? `\n(first attempt: ${firstLines(first, 3)})` : ''}`);
      first = reason;
      log(`check ${id}: attempt 1 failed: ${firstLines(reason, 2)} — retrying its UI step once`);
      try { await shot(`check-${id}-attempt-1`); } catch { /* page gone */ }
      await resetUi();
    }
  }
}
const firstLines = (text, n) => text.split('\n').slice(0, n).join(' ').slice(0, 400);

const BIN = opt.bin || process.env.VSCODE_WEB_BIN;
if (!BIN || !fs.existsSync(BIN)) {
  console.error('E2E FAILED: no code-server binary: pass --bin or set VSCODE_WEB_BIN="$(bash ../shared/tools/install-vscode-web.sh)"');
  process.exit(2);
}
const VSIX = path.resolve(opt.vsix || path.join(ROOT, 'dlmodel-studio.vsix'));
if (!fs.existsSync(VSIX)) {
  console.error(`E2E FAILED: no ${VSIX}: run \`npm run package\` first, or pass --vsix FILE`);
  process.exit(2);
}

const SCENARIOS = { main: mainScenario, restricted: restrictedScenario, features: featuresScenario };
const scenarioNames = opt.restricted ? ['restricted'] : opt.scenario === 'all' ? Object.keys(SCENARIOS) : opt.scenario.split(',');
if (!scenarioNames.every((n) => n in SCENARIOS)) { console.error('--scenario must be all or a comma-separated list of main, restricted, features'); process.exit(2); }
const featureNames = FEATURES.map((f) => f.name);
const onlyFeatures = opt.only ? opt.only.split(',') : featureNames;
if (!onlyFeatures.every((n) => featureNames.includes(n))) { console.error(`--only takes feature names: ${featureNames.join(', ')}`); process.exit(2); }

// Temp layout: everything code-server writes stays in here, one folder per scenario.
const WORK = fs.mkdtempSync(path.join(os.tmpdir(), 'dlmodel-e2e-'));
const SHOTS = path.resolve(opt.screenshots || path.join(WORK, 'screenshots'));
fs.mkdirSync(SHOTS, { recursive: true });
let SCENARIO_DIR;       // WORK/<scenario>: code-server.log, xdg-*
let USER_DATA;          // settings, state, logs/
let EXT_DIR;            // --extensions-dir (fresh: no extensions.json yet)
let WORKSPACE;          // the folder opened in VS Code
function useScenarioDirs(name) {
  SCENARIO_DIR = path.join(WORK, name);
  USER_DATA = path.join(SCENARIO_DIR, 'user-data');
  EXT_DIR = path.join(SCENARIO_DIR, 'extensions');
  WORKSPACE = path.join(SCENARIO_DIR, 'workspace');
  for (const d of [USER_DATA, EXT_DIR, WORKSPACE]) fs.mkdirSync(d, { recursive: true });
}

let server = null;      // { child, pid, exited, output }
let browser = null;
let page = null;
let EXT_ID = null;      // "<publisher>.<name>" of the extension under test
let shotNo = 0;
const browserConsole = [];   // every console message and page error, for the failure folder

// Always clean up: normal end, failure, Ctrl-C, SIGTERM.
let cleaning = null;
async function closeWorkbench() {
  try { await browser?.close(); } catch { /* already gone */ }
  browser = null;
  page = null;
  await stopServer();
  server = null;
}
async function cleanup() {
  cleaning ??= (async () => {
    await closeWorkbench();
    if (!opt.keep) fs.rmSync(WORK, { recursive: true, force: true, maxRetries: 3 });
    else console.log(`kept ${WORK}`);
  })();
  return cleaning;
}
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, async () => {
    if (cleaning) return;
    const where = currentCheck ? `check ${currentCheck.id} (${currentCheck.what})` : 'between checks';
    console.error(`E2E FAILED: ${where}: interrupted by ${sig} after ${secs().trim()} s (a caller's time limit?)`);
    reportFailureFolder(`interrupted by ${sig} in ${where}`);
    opt.keep = true;
    await cleanup();
    console.log(`e2e: ${passed} passed, 1 failed`);
    process.exit(130);
  });
}
// Last resort if we exit without cleanup (uncaught error): synchronous kill.
process.on('exit', () => { if (server && !server.exited) try { process.kill(-server.pid, 'SIGKILL'); } catch { /* gone */ } });

try {
  for (const name of scenarioNames) {
    useScenarioDirs(name);
    log(`--- scenario ${name}`);
    await SCENARIOS[name]();
    await closeWorkbench();
  }
  log(`PASS (${secs().trim()} s)`);
  printTimings();
  await cleanup();
  console.log(`e2e: ${passed} passed, 0 failed`);
  process.exit(0);
} catch (err) {
  if (cleaning) await new Promise(() => {});   // a signal handler is cleaning up and will exit(130)
  // First the check and its reason (short), then where the logs are: never cut off by a caller
  // that keeps only the end of the output.
  const where = currentCheck ? `check ${currentCheck.id} (${currentCheck.what})` : 'setup';
  const reason = err instanceof Failure ? err.message : String(err?.stack || err);
  console.error(`E2E FAILED: ${where}: ${reason.length > 3000 ? `${reason.slice(0, 3000)}…` : reason}`);
  try { if (page) await shot('failure'); } catch { /* page gone */ }
  reportFailureFolder(`${where}: ${reason}`);
  printTimings();
  opt.keep = true;                              // keep the temp dir (workspace, settings) too
  await cleanup();
  console.log(`e2e: ${passed} passed, 1 failed`);
  process.exit(1);
}

function recordActivationTimings(suffix, a) {
  timings[`open → activation starts${suffix}`] = `${a.activationStart} ms (ext host log timestamp)`;
  timings[`open → "dlmodel studio activated" line${suffix}`] = `${a.stamped} ms (log timestamp; seen in the file after ${a.wall} ms)`;
  timings[`activate() (server started, not awaited)${suffix}`] = `${a.logged} ms (as the extension logs it)`;
  timings[`bundle evaluation before activate()${suffix}`] = `${a.bundle} ms (as the extension logs it)`;
}

function printTimings() {
  timings.suite = `${((Date.now() - T0) / 1000).toFixed(1)} s`;
  for (const [k, v] of Object.entries(timings)) {
    const line = `timing: ${k}: ${v}`;
    LOG_LINES.push(line);
    console.log(line);
  }
}

// ===========================================================================
// Scenario 1: a trusted workspace (Workspace Trust off), every feature.
async function mainScenario() {
  EXT_ID = installVsix(VSIX);
  if (EXT_ID !== EXPECT.extensionId) fail(`installed ${EXT_ID}, expected ${EXPECT.extensionId}`);
  log(`extension ${EXT_ID} installed from ${path.relative(ROOT, VSIX) || VSIX}`);

  writeUserSettings({ trust: false });
  writeWorkspace();
  await startWorkbench({ trust: false });
  const S = EXPECT.spirals;
  const B = EXPECT.broken;

  await check('a', 'language, activation and colouring of spirals.dlmodel', async () => {
    const opened = await openFile(S.file);
    await expectText(page.locator('[id="status.editor.mode"]'), EXPECT.languageName, 'status bar language');
    const event = await waitForActivation();
    if (!event.includes(EXPECT.activationEvent)) fail(`activated by ${event}, expected ${EXPECT.activationEvent}`);
    const activated = await waitForActivatedLine(opened);
    recordActivationTimings('', activated);
    const colour = await waitForKeywordColour('model', 'model Spirals');
    const scopes = await inspectScopes('model', 'model Spirals', S.modelScope);
    ok(`a. spirals: language "${EXPECT.languageName}", activated by ${event} ("activated" logged ${activated.stamped} ms after the click that opened it; ` +
      `activate() ${activated.logged} ms); \`model\` coloured ${colour.keyword} (default ${colour.plain}); scope inspector: ${scopes}`);
  });

  await check('b', 'problem counts and the Problems panel for broken.dlmodel', async () => {
    await openFile(B.file);
    const counts = await waitForProblems(B.problems);
    const rows = await problemsPanelMarkers(B.codes);
    await shot('problems');
    await closePanel();
    ok(`b. broken file: status bar "${counts.label}"; Problems panel: ${rows.map((r) => r.replace(/\s+/g, ' ').slice(0, 70)).join(' | ')}`);
  });

  await check('c', 'hover on a layer name', async () => {
    await openFile(S.file);
    const hover = await hoverToken('dense', S.hoverLine, S.hoverText);
    await shot('hover');
    await page.mouse.move(5, 450);
    ok(`c. hover on \`dense\` shows "${S.hoverText}" (${hover.replace(/\s+/g, ' ').slice(0, 90)}…)`);
  });

  // e. inlay hints and h. code lenses (before any edit of spirals)
  await check('e', 'inlay hint', async () => {
    await openFile(S.file);
    const hint = await waitForInlayHint(S.inlayHint);
    ok(`e. inlay hint "${S.inlayHint}" shown (${hint})`);
  });

  await check('h', 'code lenses, and Train from its lens', async () => {
    await openFile(S.file);
    const lenses = await waitForCodeLens(S.lensTotals);
    await shot('inlay-hints-code-lens');
    const train = page.locator('.monaco-editor .codelens-decoration a', { hasText: S.trainLens }).first();
    await train.click();
    await waitForNotification(S.trainNotification);
    const trained = await waitForStatusBarItem(S.trainedStatus, 180_000);
    await shot('train-lens-trained');
    await dismissNotifications();
    ok(`h. code lenses: ${lenses.map((l) => `"${l}"`).join(', ')}; clicking "${S.trainLens}" trains in the worker: "${S.trainNotification}", then the status bar says "${trained}"`);
  });

  await check('m', 'the training panels beside the editor', async () => {
    const panel = await panelFrame();
    const tabs = await panel.locator('[role="tab"]').allInnerTexts();
    for (const name of EXPECT.panelTabs) if (!tabs.some((t) => t.includes(name))) fail(`panel tabs ${JSON.stringify(tabs)} lack "${name}"`);
    const painted = [];
    for (const name of EXPECT.panelTabs) {
      await panel.locator('[role="tab"]', { hasText: name }).first().click();
      const canvases = await poll(async () => {
        const n = await panel.locator('[role="tabpanel"]:not([hidden]) canvas').count();
        return n > 0 ? n : null;
      }, `the "${name}" tab draws no canvas`);
      painted.push(`${name}: ${canvases} canvas${canvases === 1 ? '' : 'es'}`);
      await shot(`panel-${name.toLowerCase().replace(/\s+/g, '-')}`);
    }
    ok(`m. panels beside the editor: tabs ${tabs.map((t) => `"${t.trim()}"`).join(', ')}; ${painted.join('; ')}`);
  });

  await check('n', 'Compute landscape in the panel', async () => {
    const panel = await panelFrame();
    await panel.locator('[role="tab"]', { hasText: 'Loss landscape' }).first().click();
    const asked = Date.now();
    await panel.locator('button', { hasText: 'Compute landscape' }).first().click();
    await poll(async () => (await panel.locator('[role="tabpanel"]:not([hidden])', { hasText: 'grid on the plane' }).count()) > 0,
      'the loss landscape did not arrive in the panel', 300_000);
    const landscapeMs = Date.now() - asked;
    timings['Compute landscape (31×31, path plane, optimizer race) → drawn'] = `${landscapeMs} ms`;
    await shot('panel-landscape-computed');
    await dismissNotifications();
    ok(`n. "Compute landscape" in the panel: the run's worker computed it (with the optimizer race) and the panel drew it ${landscapeMs} ms after the click`);
  });

  await check('d', 'completion on a new line', async (attempt) => {
    // Give the keyboard back to the text editor (the webview keeps it after the clicks above).
    await page.locator('.editor-instance .view-lines').first().click();
    await openFile(S.file);
    if (attempt > 1) await runCommand('File: Revert File');     // the first attempt's typing
    const items = await completeAfterLine(S.file, S.completionLineAfter, S.completionPrefix, S.completionItem);
    await shot('completion');
    await page.keyboard.press('Escape');
    await runCommand('File: Revert File');
    await poll(async () => !(await editor().locator('.view-lines').innerText()).split('\n').some((l) => l.trim() === S.completionPrefix),
      'the completion line is still there after File: Revert File');
    ok(`d. completion after typing "${S.completionPrefix}" lists ${S.completionItem} (${items.slice(0, 6).join(', ')}${items.length > 6 ? ', …' : ''})`);
  });

  await check('g', 'the Outline view', async () => {
    await openFile(S.file);
    const outline = await outlineEntries(S.outline, S.outlineDetail);
    await shot('outline');
    ok(`g. Outline view lists ${S.outline.map((s) => `"${s}"`).join(' and ')} (${outline.slice(0, 6).join(', ')})`);
  });

  await check('f', 'a quick fix in broken.dlmodel', async (attempt) => {
    await openFile(B.file);
    if (attempt > 1) await runCommand('File: Revert File');     // undo a fix the first attempt applied
    await waitForProblems(B.problems);
    await applyQuickFix(B.typo, B.fix);
    const fixed = await waitForProblems(B.afterFix);
    await expectText(page.locator('.editor-instance .view-lines'), B.fixedText, 'editor text after the quick fix');
    await shot('quick-fix-applied');
    ok(`f. quick fix "${B.fix}" applied: text now has "${B.fixedText}", status bar "${fixed.label}"`);
  });

  await check('i', 'the language server restarted after SIGKILL', async () => {
    await openFile(B.file);
    const before = await poll(() => { const p = languageServerPids(); return p.length === 1 ? p : null; },
      () => `expected one dist/server.js under code-server (pid ${server.pid}), found ${JSON.stringify(languageServerPids())}`);
    const killedAt = Date.now();
    process.kill(before[0], 'SIGKILL');
    log(`killed language server pid ${before[0]}`);
    const after = await poll(() => { const p = languageServerPids().filter((x) => x !== before[0]); return p.length ? p : null; },
      `the language server was not restarted within ${WAIT_MS / 1000} s`);
    const restartMs = Date.now() - killedAt;
    timings['new server process after SIGKILL'] = `${restartMs} ms`;
    // Undo the fix by typing: the new server must report DL312 again.
    await selectWordBefore(lineNumberOf(B.file, B.typo), ')');
    await page.keyboard.type(B.typo);
    await page.keyboard.press('Escape');
    await waitForProblems(B.problems);
    const backMs = Date.now() - killedAt;
    timings['diagnostics of an edit back after SIGKILL'] = `${backMs} ms`;
    const again = await problemsPanelMarkers(B.codes);
    await closePanel();
    ok(`i. server pid ${before[0]} SIGKILLed → new server pid ${after[0]} after ${restartMs} ms; the edit back to "${B.typo}" gives ` +
      `${again.length} markers again (${B.codes.join(', ')}), ${backMs} ms after the kill`);
  });

  const H = EXPECT.health;
  await check('l', 'training health as diagnostics', async (attempt) => {
    await openFile(H.file);
    if (attempt > 1) await runCommand('File: Revert File');     // the first attempt's edit
    await runCommand('dlmodel: Train Model');
    await waitForProblems(H.problems, 180_000);
    const healthRows = await problemsPanelMarkers([H.code]);
    await shot('health-diagnostic');
    await closePanel();
    // The findings describe the text that was trained: an edit clears them.
    await page.locator('.editor-instance .view-lines').first().click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('# edited');
    await waitForProblems({ errors: H.problems.errors, warnings: 0 });
    await runCommand('File: Revert File');
    await dismissNotifications();
    ok(`l. training ${H.file} puts ${H.code} in the Problems panel, and an edit clears it (${(healthRows.find((r) => r.includes(H.code)) ?? healthRows[0]).replace(/\s+/g, ' ').slice(0, 90)})`);
  });

  const L = EXPECT.long;
  await check('l', 'Stop ends a long run', async () => {
    await openFile(L.file);
    // The stopped status of an earlier attempt must not count: wait for this run's progress first.
    await runCommand('dlmodel: Train Model');
    await waitForStatusBarItem('/15 · loss', 300_000);
    const stopLines = () => channelLog().match(/stopped \d+ ms after Stop/g)?.length ?? 0;
    const linesBefore = stopLines();
    const stopAsked = Date.now();
    await runCommand('dlmodel: Stop Training');
    await waitForStatusBarItem(L.stoppedStatus);
    timings['Stop Training (palette) → status "training stopped"'] = `${Date.now() - stopAsked} ms`;
    await poll(() => stopLines() > linesBefore, 'no new "stopped … ms after Stop" line in the dlmodel output channel');
    const stopMs = Number([...channelLog().matchAll(/stopped (\d+) ms after Stop/g)].at(-1)[1]);
    // Reported, not judged: the 1 s target is `npm run bench`'s (bench/worker-bench.ts).
    timings['Stop → run ended (extension log)'] = `${stopMs} ms`;
    await dismissNotifications();
    ok(`l. Stop ends a ${L.file} run (status "${L.stoppedStatus}"; the run ended ${stopMs} ms after the command)`);
  });

  await check('o', 'Export to ONNX… through the save dialog', async () => {
    const { proposed, bytes, presses } = await exportOnnx('xor.dlmodel', 'xor.onnx');
    ok(`o. Export to ONNX…: the dialog proposed ${path.basename(proposed)}; ${bytes} bytes written to the workspace (confirmed ${presses}×)`);
  });

  // j (trusted half). With trust, the data file IS read: hovering csv(…) shows what it holds,
  // and there is no DL516 (compare the restricted scenario).
  const D = EXPECT.data;
  await check('j′', 'a trusted workspace reads the CSV', async () => {
    await openFile(D.file);
    const dataHover = await hoverToken('csv', 'data: csv(', D.trustedHover);
    // The hover came from the analysis whose diagnostics were published on opening: none is DL516.
    const all = await allMarkerTexts();
    if (all.some((t) => t.includes(D.code))) fail(`${D.code} reported in a trusted workspace: ${JSON.stringify(all)}`);
    await page.mouse.move(5, 450);
    ok(`j′. trusted workspace: ${D.file} reads data/points.csv — hover on csv(…) says "${D.trustedHover}" (${dataHover.split('\n').pop().trim()}); no ${D.code}`);
  });

  const outText = channelLog();
  if (!EXPECT.activatedLine.test(outText)) fail('no "activated" line in the dlmodel output channel');

  await check('p', 'Train on a file with errors is no run; the report leads with the run on screen', checkFailedTrainIsNoRun);
  await check('q', 'Export to ONNX… after training writes the trained weights', checkExportTrainedWeights);
}

/** Export to ONNX from the palette for a file without a trained run: straight to the save dialog. */
async function exportOnnx(modelFile, onnxFile) {
  const target = path.join(WORKSPACE, onnxFile);
  fs.rmSync(target, { force: true });                  // an earlier attempt's file would raise "replace?"
  await openFile(modelFile);
  await runCommand('dlmodel: Export to ONNX…');
  const { proposed, presses } = await confirmSaveDialog(target);
  await waitForNotification(`exported ${path.basename(modelFile, '.dlmodel')} to ${onnxFile}`);
  const bytes = fs.statSync(target).size;
  await dismissNotifications();
  return { proposed, bytes, presses };
}

/**
 * VS Code's save dialog (in code-server the "simple file dialog": a quick input holding the path),
 * open and about to propose `target`'s name. Waits for that proposal with the keyboard in the
 * input, types the full path itself, and confirms with Enter — then, every 3 s while the dialog
 * stays open, with its OK button — until the file exists (the dialog ignores Enter while it is
 * still updating its list: the issue's "dialog left open, no file").
 */
async function confirmSaveDialog(target) {
  const name = path.basename(target);
  const input = quickInput().locator('input');
  await input.waitFor({ state: 'visible' });
  const focused = () => input.evaluate((el) => el === el.ownerDocument.activeElement).catch(() => false);
  // The dialog fills its input in steps; wait for the proposed name, with the keyboard in the input.
  const proposed = await poll(async () => {
    const value = await input.inputValue().catch(() => '');
    return value.endsWith(name) && (await focused()) ? value : null;
  }, async () => `the save dialog did not propose …/${name} with the keyboard in it; input "${await input.inputValue().catch(() => '<gone>')}", focused: ${await focused()}`);
  await input.fill(target);
  await poll(async () => (await input.inputValue().catch(() => '')) === target, async () => `the save dialog's input reads "${await input.inputValue().catch(() => '<gone>')}", not "${target}"`);
  let presses = 0;
  let lastPress = 0;
  await poll(async () => {
    if (fs.existsSync(target)) return true;
    const open = await quickInput().isVisible().catch(() => false);
    if (open && Date.now() - lastPress > 3_000) {
      if ((await input.inputValue().catch(() => '')) !== target) fail(`the save dialog's input changed to "${await input.inputValue().catch(() => '<gone>')}" after Enter`);
      // Enter first; if the dialog is still open, its OK button.
      const okButton = quickInput().getByRole('button', { name: /^OK$/ }).first();
      if (presses > 0 && (await okButton.isVisible().catch(() => false))) await okButton.click();
      else {
        if (!(await focused())) await input.focus();
        await page.keyboard.press('Enter');
      }
      presses++;
      lastPress = Date.now();
    }
    return false;
  }, async () => `${name} was not written: save dialog ${await quickInput().isVisible().catch(() => false) ? `still open with "${await input.inputValue().catch(() => '')}"` : 'closed'} after ${presses} confirmations; ` +
    `notifications: ${JSON.stringify(await page.locator('.notifications-toasts .notification-list-item-message').allInnerTexts().catch(() => []))}`, 180_000);
  return { proposed, presses };
}

// Every marker in the Problems panel (opened and closed again): for a negative check.
async function allMarkerTexts() {
  await runCommand('View: Focus Problems (Errors, Warnings, Infos)');
  const panel = page.locator('.markers-panel');
  await panel.waitFor({ state: 'visible' });
  const texts = await panel.locator('.monaco-list-row:has(.marker-icon)').allInnerTexts();
  await closePanel();
  return texts;
}

// ===========================================================================
// Scenario 2: Restricted Mode. The extension declares untrustedWorkspaces "limited": it runs,
// but data files are not read (DL516, information) until the workspace is trusted.
async function restrictedScenario() {
  EXT_ID = installVsix(VSIX);
  log(`extension ${EXT_ID} installed from ${path.relative(ROOT, VSIX) || VSIX}`);
  writeUserSettings({ trust: true });
  writeWorkspace();
  await startWorkbench({ trust: true, accept: false });

  const D = EXPECT.data;
  await check('j', 'Restricted Mode: activation and DL516', async () => {
    await expectText(page.locator('.statusbar-item'), 'Restricted Mode', 'status bar');
    const opened = await openFile(D.file);
    await expectText(page.locator('[id="status.editor.mode"]'), EXPECT.languageName, 'language in Restricted Mode');
    const event = await waitForActivation();
    const activated = await waitForActivatedLine(opened);
    recordActivationTimings(' (restricted)', activated);
    const rows = await problemsPanelMarkers([D.code]);
    const row = rows.find((r) => r.includes(D.code));
    const info = page.locator('.markers-panel .monaco-list-row', { hasText: D.code }).locator('.marker-icon.codicon-info, .marker-icon.info');
    if (!(await info.count())) fail(`${D.code} is not shown as an information marker`);
    const counts = await readProblemCounts();
    if (counts.errors !== 0) fail(`Restricted Mode: expected no errors, status bar says "${counts.label}"`);
    await shot('restricted-mode');
    await closePanel();
    ok(`j. Restricted Mode: language "${EXPECT.languageName}", activated by ${event} ("activated" logged ${activated.stamped} ms after opening); ` +
      `information ${D.code}: "${row.replace(/\s+/g, ' ').slice(0, 100)}"; status bar "${counts.label}"`);
  });

  // j″. Training is not offered in Restricted Mode: the command says why.
  await check('j″', 'Restricted Mode: Train Model says why not', async () => {
    await openFile(D.file);
    await runCommand('dlmodel: Train Model');
    await waitForNotification('needs a trusted workspace');
    await dismissNotifications();
    ok('j″. Restricted Mode: "dlmodel: Train Model" explains that training needs a trusted workspace');
  });

  // k. Trusting the folder now (no reload): the client tells the server, which re-checks the open
  // models and reads the file: DL516 goes away.
  await check('k', 'trusting the folder without a reload', async () => {
    await runCommand('Workspaces: Manage Workspace Trust');
    const trustEditor = page.locator('.workspace-trust-editor');
    await trustEditor.waitFor({ state: 'visible' });
    const trust = trustEditor.getByRole('button', { name: /^Trust$/ }).first();
    if (await trust.isVisible()) await trust.click();        // a retry finds the folder trusted already
    await expectText(trustEditor, 'trusted', 'workspace trust editor after Trust');
    await poll(async () => (await readProblemCounts()).label === 'No Problems', async () =>
      `after trusting the folder: status bar still says "${(await readProblemCounts()).label}"`);
    await openFile(D.file);
    const dataHover = await hoverToken('csv', 'data: csv(', D.trustedHover);
    await page.mouse.move(5, 450);
    ok(`k. folder trusted without a reload: ${D.code} gone (status bar "No Problems"), hover on csv(…): "${dataHover.split('\n').pop().trim()}"`);
  });
}

// ===========================================================================
// Scenario 3: the feature views (graph, diff, step-through, generation, sweeps, policies…), one
// module each under test/e2e/features/, in one trusted workbench whose workspace holds the files
// the modules name. `--only a,b` runs just those modules (for working on one view).
async function featuresScenario() {
  const chosen = FEATURES.filter((f) => onlyFeatures.includes(f.name));
  if (chosen.length === 0) { log('no feature modules: nothing to start'); return; }
  EXT_ID = installVsix(VSIX);
  // A module's own settings (e.g. git on, for Compare with HEAD) apply to the whole workbench.
  writeUserSettings({ trust: false }, Object.assign({}, ...chosen.map((f) => f.settings ?? {})));
  writeWorkspace();
  for (const f of chosen) {
    for (const [target, source] of Object.entries(f.files ?? {})) {
      fs.mkdirSync(path.dirname(path.join(WORKSPACE, target)), { recursive: true });
      fs.copyFileSync(path.join(ROOT, source), path.join(WORKSPACE, target));
    }
    await f.setup?.(featureHarness());
  }
  await startWorkbench({ trust: false });
  for (const f of chosen) {
    log(`--- feature ${f.name}`);
    await f.run(featureHarness());
    await resetUi();
    await closeAllEditors();
  }
}

/** Closes every editor and panel: each feature module starts from an empty editor area. */
async function closeAllEditors() {
  await runCommand('View: Close All Editors');
  // A module may leave edited files (Apply to file, a shape error): VS Code asks whether to save
  // them; the next module starts from the files as copied, so their edits are dropped.
  const dontSave = page.locator('.monaco-dialog-box').getByRole('button', { name: /Don't Save/ });
  await poll(async () => {
    if (await dontSave.first().isVisible().catch(() => false)) await dontSave.first().click().catch(() => {});
    return (await page.locator('.tabs-container .tab').count()) === 0;
  }, async () => `editors still open after Close All Editors: ${JSON.stringify(await page.locator('.tabs-container .tab').allInnerTexts())}`);
}

/**
 * The document of the webview whose page contains `selector` (VS Code nests each webview in two
 * iframes: the host, then #active-frame). Several webviews can be open (the training panel, the
 * graph, the step-through): this finds the one a check is about.
 */
async function webviewFrame(selector, describe, timeout = WAIT_MS) {
  return poll(async () => {
    const hosts = page.locator('iframe.webview.ready');
    const n = await hosts.count();
    for (let i = 0; i < n; i++) {
      const inner = page.frameLocator('iframe.webview.ready').nth(i).frameLocator('#active-frame');
      if ((await inner.locator(selector).count().catch(() => 0)) > 0) return inner;
    }
    return null;
  }, describe ?? `no webview shows "${selector}"`, timeout);
}

/**
 * What a feature module may use: the same helpers the scenarios above use. A function (hoisted),
 * not a const: the scenarios run from the top-level await above, before a const here exists.
 */
function featureHarness() {
  return {
  get page() { return page; },
  get workspace() { return WORKSPACE; },
  ROOT, WAIT_MS, EXPECT, timings,
  fail, log, ok, check, poll, shot, shotOf, resetUi,
  openFile, runCommand, quickInput, editor, panelFrame, webviewFrame, closeAllEditors,
  waitForStatusBarItem, waitForNotification, dismissNotifications, readProblemCounts, waitForProblems,
  problemsPanelMarkers, expectText, viewLine, hoverToken, waitForCodeLens, lineNumberOf, goToLine,
  selectWordBefore, allMarkerTexts, channelLog, confirmSaveDialog, cursorPosition,
  };
}

// ===========================================================================
// Workspace: copies of some examples, the broken model, a model reading data/points.csv.
function writeWorkspace() {
  for (const name of EXPECT.examples) fs.copyFileSync(path.join(ROOT, 'examples', name), path.join(WORKSPACE, name));
  fs.copyFileSync(path.join(ROOT, EXPECT.health.source), path.join(WORKSPACE, EXPECT.health.file));
  fs.writeFileSync(path.join(WORKSPACE, EXPECT.broken.file), EXPECT.broken.text);
  fs.writeFileSync(path.join(WORKSPACE, EXPECT.data.file), EXPECT.data.text);
  fs.mkdirSync(path.join(WORKSPACE, 'data'), { recursive: true });
  fs.writeFileSync(path.join(WORKSPACE, 'data', 'points.csv'), EXPECT.data.csv);
}

// code-server on a free port, Chromium, the workbench open on WORKSPACE.
async function startWorkbench({ trust, accept = true }) {
  const { chromium } = loadPlaywright();
  const port = await freePort();
  await startServer(port);
  log(`code-server pid ${server.pid} listening on 127.0.0.1:${port}`);
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    // Playwright's own signal handlers would process.exit() before our cleanup has stopped
    // code-server: we close the browser ourselves.
    handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
           '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  page = await context.newPage();
  page.setDefaultTimeout(WAIT_MS);
  page.on('console', (m) => {
    browserConsole.push(`${secs()}s [${m.type()}] ${m.text()}`);
  });
  page.on('pageerror', (e) => {
    browserConsole.push(`${secs()}s [pageerror] ${e.message}`);
  });

  await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(WORKSPACE)}`);
  await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 2 * WAIT_MS });
  if (trust) await answerWorkspaceTrust(accept);
  // The explorer lists the workspace once the remote connection is up.
  await page.locator('.explorer-folders-view .monaco-list-row', { hasText: EXPECT.spirals.file })
    .first().waitFor({ state: 'visible', timeout: 2 * WAIT_MS });
  log('workbench ready, explorer lists the workspace');
}

// ===========================================================================
// Installing the extension: `code-server --install-extension X.vsix`, the same path as a user
// install; it checks engines.vscode and the manifest and writes extensions.json.
function installVsix(vsix) {
  const r = spawnSync(BIN, ['--user-data-dir', USER_DATA, '--extensions-dir', EXT_DIR, '--install-extension', vsix, '--force'],
    { encoding: 'utf8', env: serverEnv(), timeout: 120_000 });
  const out = `${r.stdout}${r.stderr}`;
  if (r.status !== 0 || !/successfully installed/.test(out)) fail(`--install-extension ${vsix} failed (${r.status}):\n${out}`);
  // The dir is fresh, so this extension is the only entry of extensions.json.
  const installed = JSON.parse(fs.readFileSync(path.join(EXT_DIR, 'extensions.json'), 'utf8'));
  return installed[0].identifier.id.toLowerCase();
}

// ===========================================================================
// Settings: no welcome page / walkthroughs / tips, no update or telemetry calls; `extra` (a
// feature module's `settings`) is merged last.
function writeUserSettings({ trust }, extra = {}) {
  const settings = {
    'workbench.startupEditor': 'none',
    'workbench.welcomePage.walkthroughs.openOnInstall': false,
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'security.workspace.trust.enabled': trust,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'git.enabled': false,
    'editor.minimap.enabled': false,
    'files.autoSave': 'off',                  // code-server saves after a delay by default: edits here must stay unsaved
    // No chat / copilot hints over the editor that could sit on top of a token under test.
    'workbench.editor.empty.hint': 'hidden',
    'chat.commandCenter.enabled': false,
    ...extra,
  };
  const dir = path.join(USER_DATA, 'User');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'settings.json'), JSON.stringify(settings, null, 2));
}

// The modal "Do you trust the authors of the files in this folder?".
async function answerWorkspaceTrust(yes) {
  const dialog = page.locator('.monaco-dialog-box', { hasText: 'trust the authors' });
  await dialog.waitFor({ state: 'visible', timeout: 2 * WAIT_MS });
  const button = yes ? /Yes, I trust the authors/ : /No, I don't trust the authors/;
  await dialog.getByRole('button', { name: button }).click();
  await dialog.waitFor({ state: 'hidden' });
  log(`workspace trust ${yes ? 'accepted' : 'declined'}`);
}

// ===========================================================================
// code-server process: own process group, so cleanup can end it and its children
// (extension host, pty host, file watcher, our language server) and nothing else.
function serverEnv() {
  return {
    ...process.env,
    XDG_CONFIG_HOME: path.join(SCENARIO_DIR, 'xdg-config'),
    XDG_DATA_HOME: path.join(SCENARIO_DIR, 'xdg-data'),
    PASSWORD: '', HASHED_PASSWORD: '', PORT: '',
  };
}

async function startServer(port) {
  const args = ['--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry',
    '--disable-update-check', '--disable-getting-started-override', '--ignore-last-opened',
    '--user-data-dir', USER_DATA, '--extensions-dir', EXT_DIR, WORKSPACE];
  const child = spawn(BIN, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: serverEnv() });
  server = { child, pid: child.pid, exited: null, output: '' };
  const logFile = fs.createWriteStream(path.join(SCENARIO_DIR, 'code-server.log'));
  for (const s of [child.stdout, child.stderr]) {
    s.on('data', (d) => { server.output = (server.output + d).slice(-20_000); logFile.write(d); });
  }
  child.on('exit', (code, sig) => { server.exited = { code, sig }; });
  const deadline = Date.now() + 2 * WAIT_MS;
  while (Date.now() < deadline) {
    if (server.exited) fail(`code-server exited early (${JSON.stringify(server.exited)}):\n${server.output}`);
    try {
      const r = await globalThis.fetch(`http://127.0.0.1:${port}/healthz`);
      if (r.ok) return;
    } catch { /* not listening yet */ }
    await pollInterval(200);
  }
  fail(`code-server not ready on port ${port} after ${2 * WAIT_MS / 1000} s:\n${server.output.slice(-2000)}`);
}

async function stopServer() {
  if (!server || server.exited) return;
  const { pid } = server;
  const gone = new Promise((r) => { if (server.exited) r(); else server.child.once('exit', r); });
  const kill = (sig) => { try { process.kill(-pid, sig); } catch { /* group already gone */ } };
  kill('SIGTERM');
  const t = setTimeout(() => kill('SIGKILL'), 5_000);
  await gone;
  clearTimeout(t);
  kill('SIGKILL');                         // leftovers of the same group, if any
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

// The dlmodel language server(s) started by OUR code-server: descendants of its pid whose
// command line runs dist/server.js (other engineers' servers on this machine are not touched).
function languageServerPids() {
  const ps = spawnSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8' });
  const procs = ps.stdout.split('\n').map((l) => l.trim().match(/^(\d+)\s+(\d+)\s+(.*)$/)).filter(Boolean)
    .map((m) => ({ pid: Number(m[1]), ppid: Number(m[2]), args: m[3] }));
  const ours = new Set([server.pid]);
  for (let grew = true; grew;) {
    grew = false;
    for (const p of procs) if (!ours.has(p.pid) && ours.has(p.ppid)) { ours.add(p.pid); grew = true; }
  }
  return procs.filter((p) => ours.has(p.pid) && /dist[\\/]server\.js/.test(p.args)).map((p) => p.pid);
}

// ===========================================================================
// Workbench helpers (selectors checked against VS Code 1.100 / code-server 4.100)
function quickInput() { return page.locator('.quick-input-widget'); }
function editor() { return page.locator('.editor-instance .monaco-editor').first(); }
/** The pause between two looks at a condition (in poll loops only: no wait in this file is a bare sleep). */
function pollInterval(ms) { return new Promise((r) => setTimeout(r, ms)); }

// Quick Open (Ctrl+P) -> type the name -> click the matching row. Returns when the row was clicked
// (the moment the file is opened, for timings).
async function openFile(name) {
  // Ctrl+P inside an open Quick Open moves its selection instead of starting afresh.
  if (await quickInput().isVisible()) await page.keyboard.press('Escape');
  await page.keyboard.press('Control+P');
  const box = quickInput().locator('input');
  await box.waitFor({ state: 'visible' });
  await box.fill(name); // focuses first: see runCommand
  // Click the row (not Enter): the list refills as file search results arrive, and Enter may
  // hit the row that was first a moment ago.
  const row = quickInput().locator('.monaco-list-row', { has: page.locator('.label-name', { hasText: new RegExp(`^${name.replace(/\./g, '\\.')}$`) }) }).first();
  await row.waitFor({ state: 'visible' });
  const clicked = Date.now();
  await row.click();
  // A click that lands while the list refills hits no row and leaves Quick Open open; when the
  // file is already the active tab nothing else would show it. So until Quick Open closes, click
  // the row again (opening the same file twice is harmless).
  let lastClick = Date.now();
  await poll(async () => {
    if (!(await quickInput().isVisible())) return true;
    if (Date.now() - lastClick > 2_000 && (await row.isVisible())) {
      lastClick = Date.now();
      await row.click({ timeout: 2_000 }).catch(() => {});
    }
    return false;
  }, async () => `Quick Open did not close after clicking the row for ${name}; it shows: ${JSON.stringify((await quickInput().innerText().catch(() => '')).replace(/\s+/g, ' ').slice(0, 300))}`);
  await page.locator('.tabs-container .tab.active', { hasText: name }).waitFor({ state: 'visible' });
  await editor().locator('.view-lines').waitFor({ state: 'visible' });
  return clicked;
}

// Command palette (F1) -> type the title -> Enter on the exact row.
// The panel webview's document: VS Code nests it in two iframes (the webview host, then #active-frame).
async function panelFrame(timeout = WAIT_MS) {
  const outer = page.frameLocator('iframe.webview.ready').first();
  const inner = outer.frameLocator('#active-frame');
  await poll(async () => (await inner.locator('[role="tab"]').count()) > 0, 'the training panel did not open with its tabs', timeout);
  return inner;
}

// The text of the status bar item that contains `text` (codicons are rendered as icons, not text).
async function waitForStatusBarItem(text, timeout = WAIT_MS) {
  const item = page.locator('.statusbar-item', { hasText: text }).first();
  await poll(async () => (await item.count()) > 0, async () => `no status bar item containing "${text}" within ${timeout} ms; items: ${JSON.stringify(await page.locator('.statusbar-item').allInnerTexts())}`, timeout);
  return (await item.innerText()).replace(/\s+/g, ' ').trim();
}

async function runCommand(title) {
  const box = quickInput().locator('input');
  const query = `>${title}`;
  // Enter only once the FOCUSED row is the command: the list is filtered asynchronously, and an
  // early Enter runs whatever was on top a moment before (e.g. File: Save instead of Revert).
  const focused = quickInput().locator('.monaco-list-row.focused');
  await page.keyboard.press('F1'); // replaces any other quick input that is open
  await box.waitFor({ state: 'visible', timeout: 5_000 }).catch(() => {});
  await poll(async () => {
    // The palette closes when it loses the focus, and a webview that had the focus can take it back
    // just after F1 (seen in CI after the Sequence tab): open it again whenever it is not shown.
    if (!(await box.isVisible().catch(() => false))) {
      await page.keyboard.press('F1');
      await box.waitFor({ state: 'visible', timeout: 5_000 }).catch(() => {});
    }
    // fill() focuses the input first: keys typed while the focus was still moving were lost.
    if ((await box.inputValue({ timeout: 1_000 }).catch(() => '')) !== query) await box.fill(query, { timeout: 2_000 }).catch(() => {});
    return (await focused.first().innerText({ timeout: 1_000 }).catch(() => '')).split('\n')[0].trim() === title;
  },
    async () => `command palette: "${title}" is not the focused row; rows: ${JSON.stringify(await quickInput().locator('.monaco-list-row').allInnerTexts())}`);
  await page.keyboard.press('Enter');
  // The palette is gone: hidden, or replaced by the quick input the command opens (a save dialog,
  // a picker), whose input holds no '>' command text. Waiting for "hidden" alone hung on Export to
  // ONNX…, whose dialog can take the widget over before it is ever seen hidden.
  const input = quickInput().locator('input');
  await poll(async () => !(await quickInput().isVisible()) || !(await input.inputValue().catch(() => '>')).startsWith('>'),
    async () => `the command palette stayed open after Enter on "${title}": ${JSON.stringify(await input.inputValue().catch(() => ''))}`);
}

async function waitForNotification(text, timeout = WAIT_MS) {
  const toasts = page.locator('.notifications-toasts .notification-list-item-message');
  await poll(() => toasts.filter({ hasText: text }).first().isVisible(), async () =>
    `no notification containing "${text}" within ${timeout} ms; shown: ${JSON.stringify(await toasts.allInnerTexts())}`, timeout);
}

async function dismissNotifications() {
  await runCommand('Notifications: Clear All Notifications');
  await page.locator('.notifications-toasts .notification-toast').first().waitFor({ state: 'hidden' });
}

// Problem counts from the status bar item; its aria-label reads "Errors: 1, Warnings: 2"
// ("No Problems" when empty; infos are not counted).
async function readProblemCounts() {
  const label = (await page.locator('[id="status.problems"]').getAttribute('aria-label')) || '';
  const num = (re) => Number((label.match(re) || [0, 0])[1]);
  return { errors: num(/Errors?:\s*(\d+)/i), warnings: num(/Warnings?:\s*(\d+)/i), label };
}

async function waitForProblems(want, timeout = WAIT_MS) {
  let got;
  return poll(async () => {
    got = await readProblemCounts();
    return got.errors === want.errors && got.warnings === want.warnings && got;
  }, () => `problems: expected ${JSON.stringify(want)}, status bar says "${got?.label}"`, timeout);
}

// Opens the Problems panel and returns the marker rows' text once every wanted code is listed.
async function problemsPanelMarkers(codes) {
  await runCommand('View: Focus Problems (Errors, Warnings, Infos)');
  const panel = page.locator('.markers-panel');
  await panel.waitFor({ state: 'visible' });
  const rows = panel.locator('.monaco-list-row:has(.marker-icon)');
  let texts = [];
  await poll(async () => {
    texts = await rows.allInnerTexts();
    return codes.every((c) => texts.some((t) => t.includes(c)));
  }, () => `Problems panel: expected ${codes.join(', ')}, rows: ${JSON.stringify(texts)}`);
  return texts;
}

async function closePanel() {
  await runCommand('View: Hide Panel');
  await page.locator('.markers-panel').waitFor({ state: 'hidden' });
}

async function expectText(locator, text, what, timeout = WAIT_MS) {
  await poll(() => locator.filter({ hasText: text }).first().isVisible(), async () => {
    const actual = await locator.first().innerText({ timeout: 1_000 }).catch(() => '<not found>');
    return `${what}: expected "${text}", found "${actual.slice(0, 500)}"`;
  }, timeout);
}

// ---------------------------------------------------------------------------
// Editor helpers. Monaco renders each visible line as `.view-line > span > span` (one span per
// token, with an mtkN colour class). Injected text (inlay hints) is a span of its own.
function viewLine(lineText) {
  return editor().locator('.view-lines .view-line', { hasText: lineText }).first();
}
function tokenSpan(token, lineText) {
  return viewLine(lineText).locator('span > span').filter({ hasText: new RegExp(`^\\s*${token}\\s*$`) }).first();
}

// The TextMate grammar has coloured a keyword: its token span's colour differs from the
// editor's default foreground (polled: the grammar loads asynchronously, after the text shows).
async function waitForKeywordColour(token, lineText) {
  let got;
  return poll(async () => {
    got = await tokenSpan(token, lineText).evaluate((el) => {
      const lines = el.closest('.view-lines');
      const style = (e) => e.ownerDocument.defaultView.getComputedStyle(e);   // runs in the page
      return { keyword: style(el).color, plain: style(lines).color, cls: el.className };
    }).catch(() => null);
    return got && got.keyword !== got.plain && got.cls !== 'mtk1' ? got : null;
  }, () => `\`${token}\` in "${lineText}" is not coloured by the grammar: ${JSON.stringify(got)}`);
}

// "Developer: Inspect Editor Tokens and Scopes" with the cursor on the token: the widget lists the
// TextMate scopes; the token's scope must be there.
async function inspectScopes(token, lineText, scope) {
  await tokenSpan(token, lineText).click();
  await runCommand('Developer: Inspect Editor Tokens and Scopes');
  const widget = page.locator('.token-inspect-widget');
  await expectText(widget, scope, 'token inspector');
  const text = (await widget.innerText()).split('\n').map((s) => s.trim()).filter(Boolean);
  await page.keyboard.press('Escape');
  await widget.waitFor({ state: 'hidden' });
  const i = text.findIndex((l) => /textmate scopes/i.test(l));
  return (i >= 0 ? text.slice(i, i + 2).join(' ') : scope).replace(/\s+/g, ' ');
}

// Moves the mouse onto a token and waits for the hover containing `text`; re-hovers if the hover
// does not show (e.g. the editor was still settling when the mouse first arrived).
async function hoverToken(token, lineText, text) {
  const span = tokenSpan(token, lineText);
  const hover = page.locator('.monaco-hover:visible', { hasText: text }).first();
  let attempt = 0;
  await poll(async () => {
    if (attempt++ % 12 === 0) {                     // every ~3 s
      await page.mouse.move(5, 450);
      await span.hover();
    }
    return hover.isVisible();
  }, async () => `no hover with "${text}" over \`${token}\`; visible hovers: ${JSON.stringify(await page.locator('.monaco-hover:visible').allInnerTexts())}`);
  return hover.innerText();
}

async function waitForInlayHint(text) {
  // Inlay hints are injected text: a span with a generated `dyn-rule-*` class inside the line.
  const line = editor().locator('.view-lines .view-line', { hasText: text }).first();
  await poll(() => line.isVisible(), async () =>
    `no inlay hint "${text}"; lines: ${JSON.stringify((await editor().locator('.view-lines').innerText()).slice(0, 800))}`);
  const span = line.locator('span', { hasText: text }).last();
  return `in a span of class "${await span.getAttribute('class')}" on line "${(await line.innerText()).trim().replace(/\s+/g, ' ')}"`;
}

async function waitForCodeLens(text) {
  const lenses = editor().locator('.codelens-decoration');
  let all = [];
  await poll(async () => {
    all = (await lenses.allInnerTexts()).map((s) => s.trim()).filter(Boolean);
    return all.some((t) => t.includes(text)) && all.some((t) => t.includes(EXPECT.spirals.trainLens));
  }, () => `code lenses: expected "${text}" and "${EXPECT.spirals.trainLens}", found ${JSON.stringify(all)}`);
  return all;
}

// Ctrl+G to a line, End, Enter, type the prefix; the suggest widget (opened by typing, or by
// Ctrl+Space) must list the item.
async function completeAfterLine(file, lineText, prefix, item) {
  const line = lineNumberOf(file, lineText);
  await goToLine(line);
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await page.keyboard.type(prefix);
  const widget = page.locator('.editor-widget.suggest-widget');
  const rows = widget.locator('.monaco-list-row');
  let texts = [];
  let attempt = 0;
  await poll(async () => {
    if (!(await widget.isVisible()) && attempt++ % 8 === 0) await page.keyboard.press('Control+Space');
    texts = (await rows.allInnerTexts()).map((t) => t.split('\n')[0].trim());
    return texts.some((t) => t === item || t.startsWith(`${item} `) || t.startsWith(item));
  }, () => `suggest widget: expected "${item}", rows: ${JSON.stringify(texts)}`);
  return texts;
}

function lineNumberOf(file, lineText) {
  // The file on disk is what the editor shows (nothing edited yet): find the line there.
  const text = fs.readFileSync(path.join(WORKSPACE, file), 'utf8').split('\n');
  const i = text.findIndex((l) => l.includes(lineText));
  if (i < 0) fail(`no line containing "${lineText}" in ${file}`);
  return i + 1;
}

// The active editor's cursor from the status bar item "Ln 12, Col 3 (5 selected)": { line, column,
// selected } (selected 0 without a selection), or null while no text editor is active.
async function cursorPosition() {
  const text = await page.locator('[id="status.editor.selection"]').innerText({ timeout: 1_000 }).catch(() => '');
  const m = /Ln (\d+), Col (\d+)(?: \((\d+) selected\))?/.exec(text);
  return m ? { line: Number(m[1]), column: Number(m[2]), selected: Number(m[3] ?? 0) } : null;
}

async function goToLine(n) {
  await page.keyboard.press('Control+G');
  const box = quickInput().locator('input');
  await box.waitFor({ state: 'visible' });
  await box.fill(`:${n}`); // focuses first: see runCommand
  await page.keyboard.press('Enter');
  await quickInput().waitFor({ state: 'hidden' });
}

// Selects the word just before the line's trailing `suffix` (typing then replaces it), with the
// keyboard: Ctrl+G to the line, End, Left over the suffix, Ctrl+Shift+Left.
async function selectWordBefore(line, suffix) {
  await goToLine(line);
  await page.keyboard.press('End');
  for (let i = 0; i < suffix.length; i++) await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('Control+Shift+ArrowLeft');
  await editor().locator('.selected-text').first().waitFor({ state: 'attached' });
}

// Cursor on the token, Ctrl+. opens the quick-fix menu; choose the action by its title.
async function applyQuickFix(token, title) {
  const menu = page.locator('.action-widget');
  const item = menu.locator('.monaco-list-row', { hasText: title }).first();
  let attempt = 0;
  await poll(async () => {
    if (attempt++ % 12 === 0) {
      if (await menu.isVisible()) await page.keyboard.press('Escape');
      await tokenSpan(token, `activation: ${token}`).click();
      await page.keyboard.press('Control+.');
    }
    return item.isVisible();
  }, async () => `quick-fix menu: no "${title}"; shown: ${JSON.stringify(await menu.locator('.monaco-list-row').allInnerTexts().catch(() => []))}`);
  await shot('quick-fix-menu');
  // Keyboard, not a click (a pointer-block overlay sits on top while the menu animates in): move
  // the focus down to the action, then Enter.
  const focused = menu.locator('.monaco-list-row.focused', { hasText: title });
  await poll(async () => {
    if (await focused.isVisible()) return true;
    await page.keyboard.press('ArrowDown');
    return false;
  }, async () => `quick-fix menu: "${title}" never got the focus; rows: ${JSON.stringify(await menu.locator('.monaco-list-row').allInnerTexts().catch(() => []))}`);
  await page.keyboard.press('Enter');
  await menu.waitFor({ state: 'hidden' });
}

// Focus the Outline view; wait for rows with every wanted name.
async function outlineEntries(names, detail) {
  await runCommand('Explorer: Focus on Outline View');
  const pane = page.locator('.pane', { has: page.locator('.pane-header', { hasText: /outline/i }) });
  // Collapse the folder tree above it so the whole outline shows (for the screenshot).
  const folders = page.locator('.pane-header', { hasText: /^workspace/i }).first();
  if ((await folders.getAttribute('aria-expanded')) === 'true') {
    await folders.click();
    await page.locator('.explorer-folders-view').waitFor({ state: 'hidden' });
  }
  const rows = pane.locator('.monaco-list-row');
  let entries = [];
  await poll(async () => {
    // A row: the symbol's name (.label-name) and its detail (.label-description).
    entries = await rows.evaluateAll((els) => els.map((el) => ({
      name: el.querySelector('.label-name')?.textContent?.trim() ?? '',
      detail: el.querySelector('.label-description')?.textContent?.trim() ?? '',
    })));
    return names.every((n) => entries.some((e) => e.name === n)) && (!detail || entries.some((e) => e.detail.includes(detail)));
  }, () => `Outline view: expected ${JSON.stringify(names)}${detail ? ` and a detail "${detail}"` : ''}, rows: ${JSON.stringify(entries)}`);
  return entries.map((e) => `${e.name} (${e.detail})`);
}

// Waits for a condition: polls condition() (every 250 ms) until it returns something truthy; the
// deadline is a hang guard, and the failure says what was expected and what was found. Fails FAST,
// with the ext host's error, if the extension under test failed to activate.
async function poll(condition, describe, timeout = WAIT_MS) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const err = activationError();
    if (err) fail(`extension ${EXT_ID} failed to activate:\n${err}`);
    const v = await condition();
    if (v) return v;
    if (Date.now() > deadline) fail(typeof describe === 'function' ? await describe() : describe);
    await pollInterval(250);
  }
}

// The (remote) extension host logs, per activation:
//   [info] ExtensionService#_doActivateExtension <id>, startup: false, activationEvent: 'onLanguage:dlmodel'
// and when activate() throws: [error] Activating extension <id> failed due to an error: + stack
function exthostLogLines() {
  return findLogFiles(/exthost\d*[\\/]remoteexthost\.log$/)
    .flatMap((f) => fs.readFileSync(f, 'utf8').split('\n'));
}
function activationError() {
  if (!EXT_ID) return null;
  const lines = exthostLogLines();
  const i = lines.findIndex((l) => l.toLowerCase().includes(`activating extension ${EXT_ID} failed`));
  return i < 0 ? null : lines.slice(i, i + 8).join('\n');
}
async function waitForActivation(timeout = WAIT_MS) {
  const line = await poll(() => exthostLogLines().find((l) => l.toLowerCase().includes(`_doactivateextension ${EXT_ID},`)),
    `extension ${EXT_ID} not activated within ${timeout} ms: check its activationEvents and remoteexthost.log`, timeout);
  return line.replace(/^.*activationEvent: /, '').replace(/'/g, '');
}

// The extension's LogOutputChannel `dlmodel`: <logs>/exthost<N>/<extension id>/dlmodel.log.
function channelLog() {
  return findLogFiles(new RegExp(`[\\\\/]${EXPECT.outputChannel}\\.log$`)).map((f) => fs.readFileSync(f, 'utf8')).join('');
}
// Polls (every 50 ms) for "dlmodel studio activated in N ms": returns the wall time since
// `since` and the N the extension logged.
// `stamped` uses the log lines' own timestamps (local time, ms), so it does not include the
// log file's flush delay; `activationStart` is when the ext host began activating the extension.
async function waitForActivatedLine(since, timeout = WAIT_MS) {
  const deadline = Date.now() + timeout;
  const stampOf = (line) => {
    const m = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d\.\d{3})/.exec(line ?? '');
    return m ? new Date(`${m[1]}T${m[2]}`).getTime() : NaN;
  };
  for (;;) {
    const line = channelLog().split('\n').find((l) => EXPECT.activatedLine.test(l));
    if (line) {
      const start = exthostLogLines().find((l) => l.toLowerCase().includes(`_doactivateextension ${EXT_ID},`));
      return {
        wall: Date.now() - since,
        stamped: stampOf(line) - since,
        activationStart: stampOf(start) - since,
        logged: Number(line.match(EXPECT.activatedLine)[1]),
        bundle: Number(line.match(EXPECT.activatedLine)[2]),
      };
    }
    const err = activationError();
    if (err) fail(`extension ${EXT_ID} failed to activate:\n${err}`);
    if (Date.now() > deadline) fail(`no "dlmodel studio activated in N ms" line in the ${EXPECT.outputChannel} output channel within ${timeout} ms`);
    await pollInterval(50);
  }
}

async function shot(name) {
  const file = path.join(SHOTS, `${String(++shotNo).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file });
  log(`screenshot ${path.relative(process.cwd(), file)}`);
}

/** A screenshot of one element (e.g. a webview's content, for a README picture) instead of the whole window. */
async function shotOf(name, locator) {
  const file = path.join(SHOTS, `${String(++shotNo).padStart(2, '0')}-${name}.png`);
  await locator.screenshot({ path: file });
  log(`screenshot ${path.relative(process.cwd(), file)}`);
}

// ===========================================================================
// Logs, for debugging. Under <user-data-dir>/logs/<session>/: remoteagent.log,
// exthost<N>/remoteexthost.log, exthost<N>/<publisher>.<name>/<Channel>.log.
function findLogFiles(re) {
  const out = [];
  const walk = (d) => {
    for (const e of fs.existsSync(d) ? fs.readdirSync(d, { withFileTypes: true }) : []) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p); else if (re.test(p)) out.push(p);
    }
  };
  walk(path.join(USER_DATA, 'logs'));
  return out.sort();
}

/**
 * Copies what explains a failure into one folder and prints its path: per scenario the code-server
 * output and VS Code's logs (remoteagent, extension host, the extension's output channel), the
 * browser console, this script's log, the reason, and the screenshots.
 */
function reportFailureFolder(reason) {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const dir = path.resolve(opt['failure-dir'] || path.join(ROOT, 'test-results', `e2e-failure-${stamp}`));
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'failure.txt'), `${reason}\n\ntemp dir (workspace, settings): ${WORK}\n`);
    fs.writeFileSync(path.join(dir, 'e2e.log'), `${LOG_LINES.join('\n')}\n`);
    fs.writeFileSync(path.join(dir, 'browser-console.log'), `${browserConsole.join('\n')}\n`);
    for (const scenario of fs.readdirSync(WORK, { withFileTypes: true })) {
      if (!scenario.isDirectory() || !(scenario.name in SCENARIOS)) continue;
      const from = path.join(WORK, scenario.name);
      const output = path.join(from, 'code-server.log');
      if (fs.existsSync(output)) fs.copyFileSync(output, path.join(dir, `${scenario.name}-code-server.log`));
      const logs = path.join(from, 'user-data', 'logs');
      if (fs.existsSync(logs)) fs.cpSync(logs, path.join(dir, `${scenario.name}-vscode-logs`), { recursive: true });
    }
    if (fs.existsSync(SHOTS)) fs.cpSync(SHOTS, path.join(dir, 'screenshots'), { recursive: true });
    console.error(`E2E logs and screenshots: ${dir}`);
  } catch (err) {
    console.error(`E2E logs could not be copied to ${dir} (${err.message}); they are in ${WORK}`);
  }
}

/** Best effort between two attempts of a check: close quick inputs, menus and hovers, clear notifications. */
async function resetUi() {
  try {
    for (let i = 0; i < 3; i++) await page.keyboard.press('Escape');
    await poll(async () => !(await quickInput().isVisible()), 'a quick input stayed open after Escape', 10_000);
    await dismissNotifications();
    await page.mouse.move(5, 450);
  } catch (err) {
    log(`resetting the UI for the retry: ${firstLines(err instanceof Failure ? err.message : String(err), 1)}`);
  }
}

// ===========================================================================
function resolveFrom(request) {
  const bases = [path.join(ROOT, 'package.json'), path.join(process.cwd(), 'package.json')];
  // .../PREFIX/node_modules/.bin/code-server -> resolve from PREFIX too
  let d = path.dirname(path.resolve(BIN));
  while (d !== path.dirname(d) && path.basename(d) !== 'node_modules') d = path.dirname(d);
  if (path.basename(d) === 'node_modules') bases.push(path.join(d, '..', 'package.json'));
  for (const b of bases) {
    try { return createRequire(b).resolve(request); } catch { /* next */ }
  }
  return null;
}

function loadPlaywright() {
  const p = resolveFrom('playwright-core');
  if (!p) fail('playwright-core not found (npm i -D playwright-core, or use the one install-vscode-web.sh installs)');
  return createRequire(import.meta.url)(p);
}

// ===========================================================================
// Checks added for the editor defects of issue 10 (kept apart from the scenario above).

// p. Train on a file with errors: the message points to the Problems panel (not the CLI), the
// failed attempt is no run (the panel keeps showing the run just trained, which it followed), and
// Save Training Report… writes the run on screen first.
async function checkFailedTrainIsNoRun() {
  const B = EXPECT.broken;
  const panel = await panelFrame();
  const heading = panel.locator('.panel-header h1');
  const latest = EXPECT.long.file;
  await expectText(heading, latest, 'panel heading after training a new run (the panel follows it)');
  await openFile(B.file);
  await runCommand('dlmodel: Train Model');
  await waitForNotification('see the Problems panel and fix them');
  const toast = page.locator('.notifications-toasts .notification-toast', { hasText: 'see the Problems panel' }).first();
  if ((await toast.locator('a.monaco-button, .monaco-button', { hasText: 'Show Problems' }).count()) === 0) fail('the failed-Train notification offers no "Show Problems" button');
  await dismissNotifications();
  const options = await panel.locator('.panel-header select option').allInnerTexts();
  if (options.some((o) => o.includes(B.file))) fail(`the failed attempt on ${B.file} became a run in the picker: ${JSON.stringify(options)}`);
  await expectText(heading, latest, 'panel heading after a Train that failed to start');
  const report = path.join(WORKSPACE, 'training-report.html');
  fs.rmSync(report, { force: true });                  // an earlier attempt's file would raise "replace?"
  await runCommand('dlmodel: Save Training Report…');
  await confirmSaveDialog(report);
  await waitForNotification('report saved to training-report.html');
  const html = fs.readFileSync(path.join(WORKSPACE, 'training-report.html'), 'utf8');
  const embedded = /<script type="application\/json" id="dlmodel-runs">([\s\S]*?)<\/script>/.exec(html);
  if (!embedded) fail('the saved report embeds no run records');
  const records = JSON.parse(embedded[1]);
  if (records[0]?.label !== latest) fail(`the report's first run is "${records[0]?.label}", not the run on screen (${latest})`);
  if (records.some((r) => r.label === B.file)) fail(`the report holds the failed attempt on ${B.file}`);
  await dismissNotifications();
  ok(`p. Train on ${B.file} (errors) says "see the Problems panel" with a Show Problems button and adds no run; the panel follows ${latest}; the report leads with it (${records.length} runs: ${records.map((r) => r.label).join(', ')})`);
}

// q. Export to ONNX… after training writes the TRAINED weights of that file's run (the run trained in
// check h), says so, and equals what `dlmodel train --save W` + `dlmodel export --init W` write.
async function checkExportTrainedWeights() {
  const S = EXPECT.spirals;
  const stem = S.file.replace(/\.dlmodel$/, '');
  fs.rmSync(path.join(WORKSPACE, `${stem}.onnx`), { force: true });   // an earlier attempt's file would raise "replace?"
  await openFile(S.file);
  await runCommand('dlmodel: Export to ONNX…');
  const choice = quickInput().locator('.monaco-list-row.focused');
  const offered = await poll(async () => {
    const text = (await choice.first().innerText({ timeout: 1_000 }).catch(() => '')).replace(/\s+/g, ' ').trim();
    return text.startsWith(`Trained weights of ${S.file} ·`) ? text : null;
  }, async () => `Export did not offer the trained weights first; rows: ${JSON.stringify(await quickInput().locator('.monaco-list-row').allInnerTexts())}`);
  if (!/· seed \d+ · #[0-9a-z]{6}/.test(offered)) fail(`the weights choice does not tell the run apart (time, seed, id): "${offered}"`);
  await page.keyboard.press('Enter');
  await confirmSaveDialog(path.join(WORKSPACE, `${stem}.onnx`));
  await waitForNotification(`exported ${stem} to ${stem}.onnx with the trained weights of ${S.file}`);
  await dismissNotifications();
  const exported = fs.readFileSync(path.join(WORKSPACE, `${stem}.onnx`));
  // The same run from the command line: same seed, same events, so the same weights bit for bit.
  const cli = (...args) => {
    const result = spawnSync(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), ...args], { cwd: WORKSPACE, encoding: 'utf8', timeout: 120_000 });
    if (result.status !== 0) fail(`dlmodel ${args.join(' ')} failed: ${result.stdout}${result.stderr}`);
  };
  const scratchDir = path.join(WORKSPACE, 'cli-export');
  fs.mkdirSync(scratchDir, { recursive: true });
  cli('train', S.file, '--save', 'cli-export/trained.safetensors');
  cli('export', S.file, '--to', 'onnx', '--out', 'cli-export/trained.onnx', '--init', 'cli-export/trained.safetensors');
  cli('export', S.file, '--to', 'onnx', '--out', 'cli-export/initial.onnx');
  const trained = fs.readFileSync(path.join(scratchDir, 'trained.onnx'));
  const initial = fs.readFileSync(path.join(scratchDir, 'initial.onnx'));
  if (exported.equals(initial)) fail(`Export to ONNX… wrote the initial (untrained) weights of ${S.file}`);
  if (!exported.equals(trained)) fail(`Export to ONNX… (${exported.length} bytes) differs from dlmodel train --save + export --init (${trained.length} bytes)`);
  ok(`q. Export to ONNX… after training offered "${offered.slice(0, 80)}" first and wrote the trained weights: ${exported.length} bytes, identical to dlmodel train --save W + export --init W, unlike the initial weights`);
}
