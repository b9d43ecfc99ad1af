// The graph view (issue 13 §1) in a real VS Code: *dlmodel: Show Model Graph* on ResNet-18, then
// both links between the editor and the graph, and a shape error showing on its node.
//   graph-a  the graph opens beside the editor with a node per layer; clicking a node selects its
//            statement in the editor (line read from the status bar's "Ln N, Col M")
//   graph-b  moving the editor's cursor to another layer's line selects that node in the graph
//   graph-c  editing the text into a shape error puts the error badge (DL402) on the layer's node
import fs from 'node:fs';
import path from 'node:path';

const FILE = 'resnet18.dlmodel';
const SOURCE = 'examples/resnet18.dlmodel';
/** Statements of the file, each unique in it: the node of a statement has data-start = its offset. */
const CLICKED = 'dense(1000)';
const CURSOR = 'conv2d(256, 1, stride: 2, bias: false)';   // stage 3's shortcut projection
const STEM = 'conv2d(64, 7, stride: 2, padding: 3, bias: false)';
const STEM_KERNEL_SUFFIX = ', stride: 2, padding: 3, bias: false)';
const BAD_KERNEL = '300';                                   // larger than the padded 230×230 input
const SHAPE_ERROR = 'DL402';

function statement(h, text) {
  const source = fs.readFileSync(path.join(h.ROOT, SOURCE), 'utf8');
  const offset = source.indexOf(text);
  if (offset < 0 || source.indexOf(text, offset + 1) >= 0) h.fail(`${SOURCE}: "${text}" must occur exactly once`);
  return { offset, line: source.slice(0, offset).split('\n').length };
}

const nodeAt = (graph, offset) => graph.locator(`g.node[data-start="${offset}"]`);

async function selectedNodeStart(graph) {
  return graph.locator('g.node.selected').first().getAttribute('data-start', { timeout: 1_000 }).catch(() => null);
}

export default {
  name: 'graph',
  files: { [FILE]: SOURCE },
  async run(h) {
    const clicked = statement(h, CLICKED);
    const cursor = statement(h, CURSOR);
    const stem = statement(h, STEM);
    let graph;

    // The graph gets the explorer's room (for the screenshots); the side bar is back at the end.
    await h.runCommand('View: Close Primary Side Bar');
    await h.check('graph-a', 'Show Model Graph on ResNet-18; clicking a node selects its line in the editor', async () => {
      await h.openFile(FILE);
      await h.runCommand('dlmodel: Show Model Graph');
      graph = await h.webviewFrame('svg.dlmodel-graph g.node', 'the graph view did not draw a node');
      const nodes = await h.poll(async () => {
        const n = await graph.locator('g.node').count();
        return n > 50 && n;
      }, 'the graph of ResNet-18 has fewer than 50 nodes');
      const totals = await graph.locator('.totals').innerText();
      if (!totals.includes('11,689,512 params')) h.fail(`graph totals: expected 11,689,512 params, found "${totals}"`);
      await nodeAt(graph, clicked.offset).click();
      const at = await h.poll(async () => {
        const c = await h.cursorPosition();
        return c && c.line === clicked.line && c.selected === CLICKED.length && c;
      }, async () => `clicking the ${CLICKED} node: expected line ${clicked.line} with ${CLICKED.length} characters selected, the status bar says ${JSON.stringify(await h.cursorPosition())}`);
      h.ok(`graph: ${nodes} nodes, "${totals}"; clicking the ${CLICKED} node selected Ln ${at.line} (${at.selected} characters) in the editor`);
    });

    await h.check('graph-b', 'moving the editor cursor to a layer selects its node in the graph', async () => {
      // Zoomed in, so the node must also be brought into view (and the screenshot is readable).
      for (let i = 0; i < 9; i++) await graph.locator('button[title="Zoom in (+)"]').click();
      await h.runCommand('View: Focus First Editor Group');   // the zoom clicks gave the panel the focus
      await h.goToLine(cursor.line);
      await h.poll(async () => (await selectedNodeStart(graph)) === String(cursor.offset),
        async () => `cursor on line ${cursor.line} (${CURSOR}): expected the node with data-start ${cursor.offset} selected, selected: ${await selectedNodeStart(graph)}`);
      const node = await nodeAt(graph, cursor.offset).boundingBox();
      const viewport = await graph.locator('.viewport').boundingBox();
      const inside = node && viewport && node.x >= viewport.x && node.y >= viewport.y && node.x + node.width <= viewport.x + viewport.width && node.y + node.height <= viewport.y + viewport.height;
      if (!inside) h.fail(`the selected node is outside the graph's viewport: node ${JSON.stringify(node)}, viewport ${JSON.stringify(viewport)}`);
      const status = await graph.locator('.status').innerText();
      await h.shot('graph-resnet18');
      h.ok(`graph: cursor on line ${cursor.line} selected and revealed its node ("${status.split('\n')[0]}")`);
    });

    await h.check('graph-c', 'a shape error typed into the text shows as a badge on its node', async () => {
      await h.selectWordBefore(stem.line, STEM_KERNEL_SUFFIX);
      await h.page.keyboard.type(BAD_KERNEL);
      const badge = nodeAt(graph, stem.offset).locator('.badge title');
      const message = await h.poll(async () => {
        const erroneous = await nodeAt(graph, stem.offset).getAttribute('class', { timeout: 1_000 }).catch(() => '');
        const text = await badge.textContent({ timeout: 1_000 }).catch(() => '');
        return erroneous?.includes('has-error') && text.includes(SHAPE_ERROR) && text;
      }, async () => `the stem's node (data-start ${stem.offset}) shows no ${SHAPE_ERROR} badge; its class: ${await nodeAt(graph, stem.offset).getAttribute('class', { timeout: 1_000 }).catch(() => '<none>')}`);
      await h.shot('graph-shape-error');
      // Leave the document as on disk: the scenario closes every editor next.
      await h.runCommand('File: Revert File');
      await h.poll(async () => !(await nodeAt(graph, stem.offset).getAttribute('class', { timeout: 1_000 }).catch(() => 'has-error'))?.includes('has-error'),
        'after File: Revert File the stem node still shows the error');
      h.ok(`graph: kernel ${BAD_KERNEL} on line ${stem.line} put an error badge on its node ("${message.split('\n')[0].slice(0, 120)}"); reverting cleared it`);
    });
    await h.runCommand('View: Toggle Primary Side Bar Visibility');
  },
};
