// The feature modules of the `features` scenario of ../vscode-web.mjs, run in this order in one
// trusted workbench. A module is
//   export default {
//     name: 'graph',                                  // for --only graph
//     files: { 'resnet18.dlmodel': 'examples/resnet18.dlmodel' },   // workspace path: repository path
//     settings: { 'git.enabled': true },              // optional: merged into the user settings
//     setup(h) { … },                                 // optional: runs in Node after the files are
//                                                     // copied, before the workbench starts (h.workspace)
//     async run(h) { await h.check('graph-a', 'what it checks', async () => { …; h.ok('…'); }); },
//   };
// where `h` is the harness object of vscode-web.mjs (page, openFile, runCommand, webviewFrame,
// poll, check, ok, fail, shot, …). Check ids are prefixed with the module's name; every wait is a
// poll on a condition (h.poll), never a sleep. `settings` of the modules chosen apply to the whole
// workbench, so a module's settings must not change what another module checks.
import backprop from './backprop.mjs';
import diff from './diff.mjs';
import graph from './graph.mjs';
import rlui from './rlui.mjs';
import seqtab from './seqtab.mjs';
import gen from './gen.mjs';
import sweepui from './sweepui.mjs';
import runs15 from './runs15.mjs';
import land14 from './land14.mjs';
import tabs14 from './tabs14.mjs';
import predfit from './predfit.mjs';
import threads from './threads.mjs';

export default [seqtab, gen, sweepui, runs15, graph, diff, backprop, rlui, tabs14, predfit, threads, land14];
