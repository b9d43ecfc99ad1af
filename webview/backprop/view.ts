import type { BackpropTrace } from '../../core/inspect/backprop';
import { formatValue } from '../../core/inspect/backprop/format';
import { box, layoutGraph, type GraphLayout } from './layout';
import { gradientsSoFar, iterationOf, valueShown, type Cursor } from './stepper';
import { html, svg } from './svg';

/** The graph and its explanation, drawn once per trace and updated on every move. */
export class BackpropView {
  private readonly layout: GraphLayout;
  private readonly nodes: SVGGElement[] = [];
  private readonly edges: SVGLineElement[] = [];
  private readonly explain = html('pre', 'explain');
  private readonly details = html('pre', 'details');
  private readonly status = html('p', 'status');
  private selected: number | null = null;
  private cursor: Cursor | null = null;

  constructor(
    private readonly trace: BackpropTrace,
    root: HTMLElement,
    private readonly onSelect: (scalar: number) => void,
  ) {
    this.layout = layoutGraph(trace);
    const graph = html('div', 'graph');
    const drawing = svg('svg', { viewBox: `0 0 ${this.layout.width} ${this.layout.height}`, width: this.layout.width, height: this.layout.height, role: 'img', 'aria-label': `computation graph of ${trace.model}` });
    trace.edges.forEach((edge) => {
      const from = this.layout.places[edge.from]!;
      const to = this.layout.places[edge.to]!;
      const line = svg('line', { x1: from.x + box.width, y1: from.y + box.height / 2, x2: to.x, y2: to.y + box.height / 2, class: 'edge' });
      this.edges.push(line);
      drawing.append(line);
    });
    trace.tensors.forEach((tensor, k) => {
      const title = this.layout.titles[k]!;
      drawing.append(svg('text', { x: title.x, y: title.y, class: `tensor-title role-${tensor.role}` }, `${tensor.symbol} = ${tensor.description}`));
    });
    trace.scalars.forEach((scalar, k) => {
      const place = this.layout.places[k]!;
      const role = trace.tensors[scalar.tensor]!.role;
      const group = svg('g', { class: `node role-${role}`, 'data-scalar': k, 'data-label': scalar.label, tabindex: -1 });
      group.append(svg('rect', { x: place.x, y: place.y, width: box.width, height: box.height, rx: 4 }));
      group.append(svg('text', { x: place.x + 5, y: place.y + 14, class: 'value' }, ''));
      group.append(svg('text', { x: place.x + 5, y: place.y + 28, class: 'gradient' }, ''));
      group.append(svg('text', { x: place.x + box.width - 5, y: place.y + 28, class: 'badge', 'text-anchor': 'end' }, ''));
      group.addEventListener('click', () => this.onSelect(k));
      this.nodes.push(group);
      drawing.append(group);
    });
    graph.append(drawing);
    const side = html('aside', 'side');
    side.append(this.status, html('h2', '', 'Now'), this.explain, html('h2', '', 'Selected'), this.details, html('h2', '', 'Notes'));
    for (const note of trace.notes) side.append(html('p', 'note', note));
    root.append(graph, side);
  }

  select(scalar: number | null): void {
    this.selected = scalar;
    if (this.cursor) this.render(this.cursor);
    if (scalar !== null) this.nodes[scalar]?.scrollIntoView({ block: 'center', inline: 'center' });
  }

  render(cursor: Cursor): void {
    this.cursor = cursor;
    const iteration = iterationOf(this.trace, cursor);
    const gradients = gradientsSoFar(this.trace, cursor);
    const current = cursor.phase === 'backward' ? iteration.backward[cursor.index] : undefined;
    const currentEdges = new Set(current?.terms.map((term) => term.edge) ?? []);
    const checks = new Map(iteration.checks.map((check) => [check.scalar, check]));
    const updates = new Map(iteration.updates.map((update) => [update.scalar, update]));
    this.edges.forEach((line, k) => line.classList.toggle('current', currentEdges.has(k)));
    this.nodes.forEach((group, k) => {
      const tensor = this.trace.scalars[k]!.tensor;
      const [valueText, gradientText, badgeText] = [...group.querySelectorAll('text')] as SVGTextElement[];
      const label = this.trace.scalars[k]!.label;
      const shown = valueShown(this.trace, cursor, tensor);
      const update = cursor.phase === 'update' ? updates.get(k) : undefined;
      valueText!.textContent = shown ? `${label} = ${formatValue(iteration.values[k]!)}${update ? ` → ${formatValue(update.after)}` : ''}` : label;
      const gradient = gradients.get(k);
      gradientText!.textContent = gradient === undefined ? '' : `∂L = ${formatValue(gradient)}`;
      const check = checks.get(k);
      const final = gradient !== undefined && check !== undefined && gradient === check.tape;
      badgeText!.textContent = final ? (check.agrees ? '✓' : '✗') : '';
      group.classList.toggle('check-ok', final && check.agrees);
      group.classList.toggle('check-bad', final && !check.agrees);
      group.classList.toggle('current', current?.scalar === k);
      group.classList.toggle('source', current !== undefined && current.terms.some((term) => this.trace.edges[term.edge]!.to === k));
      group.classList.toggle('selected', this.selected === k);
      group.setAttribute('aria-label', `${valueText!.textContent} ${gradientText!.textContent}`);
    });
    this.status.textContent = `${this.trace.optimizers[cursor.optimizer]!.label} · step ${cursor.iteration + 1} of ${this.trace.optimizers[cursor.optimizer]!.iterations.length} · ${phaseText(cursor, iteration.forward.length, iteration.backward.length)}`;
    this.explain.textContent = this.explanation(cursor);
    this.details.textContent = this.selectedText(cursor);
  }

  private explanation(cursor: Cursor): string {
    const iteration = iterationOf(this.trace, cursor);
    switch (cursor.phase) {
      case 'start':
        return 'Press Forward (F) to run the forward pass op by op, Backward (B) to walk the backward pass, Step (S) for the optimizer update.';
      case 'forward':
        return iteration.forward[cursor.index]!.text;
      case 'backward':
        return iteration.backward[cursor.index]!.text;
      case 'update': {
        const first = iteration.updates[0];
        const scalar = this.selected !== null && iteration.updates.some((u) => u.scalar === this.selected) ? this.selected : first?.scalar;
        const update = iteration.updates.find((u) => u.scalar === scalar);
        return update ? [`${this.trace.scalars[update.scalar]!.label}:`, ...update.lines].join('\n') : 'No weights to update.';
      }
      default: {
        const unreachable: never = cursor.phase;
        return unreachable;
      }
    }
  }

  private selectedText(cursor: Cursor): string {
    if (this.selected === null) return 'Click a node, or move the editor cursor to a layer.';
    const iteration = iterationOf(this.trace, cursor);
    const scalar = this.trace.scalars[this.selected]!;
    const tensor = this.trace.tensors[scalar.tensor]!;
    const lines = [`${scalar.label} — ${tensor.description}${tensor.layer ? ` (layer ${tensor.layer})` : ''}`];
    if (valueShown(this.trace, cursor, scalar.tensor)) lines.push(`value ${formatValue(iteration.values[this.selected]!)}`);
    const gradient = gradientsSoFar(this.trace, cursor).get(this.selected);
    if (gradient !== undefined) lines.push(`∂L/∂${scalar.label} = ${formatValue(gradient)} so far`);
    const check = iteration.checks.find((c) => c.scalar === this.selected);
    if (check && gradient === check.tape) lines.push(`check: tape ${formatValue(check.tape)} · finite difference ${formatValue(check.finiteDifference)} ${check.agrees ? '✓ agree' : '✗ DIFFER'}`);
    return lines.join('\n');
  }
}

function phaseText(cursor: Cursor, forwardSteps: number, backwardSteps: number): string {
  switch (cursor.phase) {
    case 'start':
      return 'before the forward pass';
    case 'forward':
      return `forward ${cursor.index + 1} / ${forwardSteps}`;
    case 'backward':
      return `backward ${cursor.index + 1} / ${backwardSteps}`;
    case 'update':
      return 'optimizer update';
    default: {
      const unreachable: never = cursor.phase;
      return unreachable;
    }
  }
}
