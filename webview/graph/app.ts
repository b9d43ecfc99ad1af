import { layoutGraph, renderGraphSvg, visibleGraph, paramsText, type GraphLayout, type GraphView, type PlacedNode } from '../../core/graph';
import type { GraphToHostMessage, HostToGraphMessage } from '../../protocol/graph-messages';
import { fitCamera, isCamera, revealBox, zoomAt, type Camera } from './camera';
import { exportPng, exportSvg, paletteFromTheme } from './export-picture';
import { neighbour, nodeAtOffset, type Direction } from './navigate';

/** Where the page runs: VS Code's webview API (tests give a stand-in). */
export interface GraphHost {
  post(message: GraphToHostMessage): void;
  getState(): unknown;
  setState(state: unknown): void;
}

/** What survives an edit, a hidden panel and a reload: the viewport, the folds, the selection. */
interface SavedState {
  readonly camera?: Camera;
  readonly collapsed: readonly string[];
  readonly selected?: string;
}

/** Views larger than this open with their repeat groups folded, so the first picture stays readable. */
const foldAboveNodes = 120;

/** Figures the tests and the benchmark read (work counts and times of the last redraw). */
export interface GraphStats {
  draws: number;
  nodes: number;
  edges: number;
  layoutMs: number;
  renderMs: number;
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attributes)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

/**
 * The graph panel: draws the model top to bottom (layout by core/graph), pans and zooms, folds
 * repeat groups, searches by name, links nodes to the source both ways, and exports the picture.
 */
export class GraphApp {
  private view: GraphView | null = null;
  private layout: GraphLayout | undefined;
  private camera: Camera | undefined;
  private collapsed = new Set<string>();
  private selected: string | undefined;
  private matches: string[] = [];
  private matchIndex = -1;
  private readonly stats: GraphStats = { draws: 0, nodes: 0, edges: 0, layoutMs: 0, renderMs: 0 };
  private readonly title = element('span', { class: 'model-name' });
  private readonly totals = element('span', { class: 'totals' });
  private readonly search = element('input', { type: 'search', placeholder: 'Search layers  /', 'aria-label': 'Search layers by name' });
  private readonly matchCount = element('span', { class: 'match-count', 'aria-live': 'polite' });
  private readonly viewport = element('div', { class: 'viewport', tabindex: '0', role: 'application', 'aria-label': 'Model graph. Arrow keys move between layers, Enter shows the layer in the editor, Space folds or unfolds a repeat, plus and minus zoom, 0 fits.' });
  private readonly status = element('div', { class: 'status', 'aria-live': 'polite' });
  private svg: SVGSVGElement | undefined;
  private cameraGroup: SVGGElement | undefined;

  constructor(
    private readonly root: HTMLElement,
    private readonly host: GraphHost,
  ) {
    const saved = host.getState() as Partial<SavedState> | undefined;
    if (saved && isCamera(saved.camera)) this.camera = saved.camera;
    if (saved && Array.isArray(saved.collapsed)) this.collapsed = new Set(saved.collapsed.filter((c): c is string => typeof c === 'string'));
    if (saved && typeof saved.selected === 'string') this.selected = saved.selected;
    (window as unknown as { __dlmodelGraph: GraphStats }).__dlmodelGraph = this.stats;
    this.build();
  }

  private build(): void {
    const toolbar = element('header', { class: 'toolbar', role: 'toolbar', 'aria-label': 'Graph' });
    const button = (label: string, title: string, action: () => void): HTMLButtonElement => {
      const b = element('button', { type: 'button', title, 'aria-label': title }, label);
      b.addEventListener('click', action);
      return b;
    };
    toolbar.append(
      this.title,
      this.totals,
      this.search,
      this.matchCount,
      button('Fit', 'Fit the graph to the panel (0)', () => this.fit()),
      button('−', 'Zoom out (-)', () => this.zoomBy(1 / 1.25)),
      button('+', 'Zoom in (+)', () => this.zoomBy(1.25)),
      button('Fold all', 'Fold every repeat block', () => this.foldAll(true)),
      button('Unfold all', 'Unfold every repeat block', () => this.foldAll(false)),
      button('SVG', 'Export the graph as SVG', () => void this.export('svg')),
      button('PNG', 'Export the graph as PNG', () => void this.export('png')),
    );
    this.root.append(toolbar, this.viewport, this.status);
    this.search.addEventListener('input', () => this.runSearch());
    this.search.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') {
        e.preventDefault();
        this.nextMatch(e.shiftKey ? -1 : 1);
      } else if (e.key === 'Escape') {
        this.search.value = '';
        this.runSearch();
        this.viewport.focus();
      }
    });
    this.listenToPointer();
    this.viewport.addEventListener('keydown', (e) => this.onKey(e));
    window.addEventListener('resize', () => this.applyCamera());
    window.addEventListener('message', (event: MessageEvent<unknown>) => this.receive(event.data));
    this.host.post({ type: 'ready' });
  }

  private receive(data: unknown): void {
    const message = data as HostToGraphMessage | null;
    if (typeof message !== 'object' || message === null) return;
    switch (message.type) {
      case 'graph':
        this.title.title = typeof message.path === 'string' ? message.path : '';
        this.show(message.view);
        break;
      case 'cursor':
        if (typeof message.offset === 'number') this.selectAtOffset(message.offset);
        break;
      default:
        break; // a newer host's message: ignored
    }
  }

  /** A new view (after an edit): redraw, keeping the camera, the folds and the selection. */
  show(view: GraphView | null): void {
    const first = this.view === null && this.camera === undefined;
    this.view = view;
    if (view && first && view.nodes.length > foldAboveNodes && this.collapsed.size === 0) this.collapsed = new Set(view.groups.filter((g) => !g.parent).map((g) => g.id));
    this.redraw();
    if (first && this.layout) this.fit();
  }

  private redraw(): void {
    const view = this.view;
    this.viewport.replaceChildren();
    this.svg = undefined;
    if (!view) {
      this.title.textContent = 'No model';
      this.totals.textContent = '';
      this.layout = undefined;
      this.viewport.append(element('p', { class: 'empty' }, 'This document has no model to draw. Write model Name { input [..] … } to see its graph.'));
      return;
    }
    this.title.textContent = view.model || '(unnamed model)';
    const t = view.totals;
    const buffers = t.nonTrainableParams === 0 || t.nonTrainableParams === '0' ? '' : ` + ${paramsText(t.nonTrainableParams)} in buffers`;
    this.totals.textContent = `${t.input} → ${t.output} · ${t.layers} layers · ${paramsText(t.trainableParams)} params${buffers} · ${paramsText(t.macs)} MACs`;
    // Folds of groups that no longer exist are forgotten; the rest survive the edit.
    const groups = new Set(view.groups.map((g) => g.id));
    this.collapsed = new Set([...this.collapsed].filter((id) => groups.has(id)));
    const started = performance.now();
    const layout = layoutGraph(visibleGraph(view, this.collapsed));
    const laidOut = performance.now();
    this.layout = layout;
    const parsed = new DOMParser().parseFromString(renderGraphSvg(layout), 'image/svg+xml').documentElement;
    const svg = document.importNode(parsed, true) as unknown as SVGSVGElement;
    svg.removeAttribute('width');
    svg.removeAttribute('height');
    svg.removeAttribute('viewBox');
    svg.setAttribute('role', 'group');
    svg.setAttribute('aria-label', `Graph of ${view.model}`);
    const camera = document.createElementNS('http://www.w3.org/2000/svg', 'g');
    camera.setAttribute('class', 'camera');
    for (const child of [...svg.childNodes]) if ((child as Element).tagName !== 'defs') camera.append(child);
    svg.append(camera);
    this.svg = svg;
    this.cameraGroup = camera;
    this.viewport.append(svg);
    if (this.selected && !layout.nodes.some((n) => n.id === this.selected)) this.selected = undefined;
    this.markSelection();
    this.runSearch(false);
    this.applyCamera();
    Object.assign(this.stats, { draws: this.stats.draws + 1, nodes: layout.nodes.length, edges: layout.edges.length, layoutMs: laidOut - started, renderMs: performance.now() - laidOut });
    this.save();
  }

  private viewportSize(): { width: number; height: number } {
    return { width: this.viewport.clientWidth, height: this.viewport.clientHeight };
  }

  private applyCamera(): void {
    if (!this.cameraGroup) return;
    const c = this.camera ?? { x: 0, y: 0, scale: 1 };
    this.cameraGroup.setAttribute('transform', `translate(${c.x.toFixed(2)},${c.y.toFixed(2)}) scale(${c.scale.toFixed(4)})`);
  }

  private setCamera(camera: Camera): void {
    this.camera = camera;
    this.applyCamera();
    this.save();
  }

  fit(): void {
    if (this.layout) this.setCamera(fitCamera(this.layout.width, this.layout.height, this.viewportSize()));
  }

  private zoomBy(factor: number): void {
    const size = this.viewportSize();
    this.setCamera(zoomAt(this.camera ?? { x: 0, y: 0, scale: 1 }, factor, size.width / 2, size.height / 2));
  }

  private foldAll(fold: boolean): void {
    this.collapsed = fold && this.view ? new Set(this.view.groups.filter((g) => !g.parent).map((g) => g.id)) : new Set();
    this.redraw();
  }

  /** Folds or unfolds a group; the selection moves to the folded node or its first layer. */
  private toggleGroup(groupId: string): void {
    if (this.collapsed.has(groupId)) {
      this.collapsed.delete(groupId);
      const first = this.view?.nodes.find((n) => n.group !== undefined && this.groupChain(n.group).includes(groupId));
      this.selected = first?.id;
    } else {
      this.collapsed.add(groupId);
      this.selected = `g:${groupId}`;
    }
    this.redraw();
    this.revealSelected();
  }

  private groupChain(groupId: string): string[] {
    const byId = new Map(this.view?.groups.map((g) => [g.id, g]) ?? []);
    const chain: string[] = [];
    for (let g = byId.get(groupId); g; g = g.parent ? byId.get(g.parent) : undefined) chain.push(g.id);
    return chain;
  }

  private placed(id: string | undefined): PlacedNode | undefined {
    return id === undefined ? undefined : this.layout?.nodes.find((n) => n.id === id);
  }

  private select(id: string | undefined, options: { reveal?: boolean } = {}): void {
    this.selected = id;
    this.markSelection();
    this.revealSelected();
    const node = this.placed(id);
    const range = node?.visible.node?.role === 'input' ? this.view?.modelRange : (node?.visible.node?.range ?? node?.visible.group?.range);
    if (options.reveal && range) this.host.post({ type: 'reveal', range });
    this.save();
  }

  private markSelection(): void {
    if (!this.svg) return;
    for (const e of this.svg.querySelectorAll('.node.selected')) {
      e.classList.remove('selected');
      e.setAttribute('aria-pressed', 'false');
    }
    const node = this.placed(this.selected);
    const e = this.selected ? this.svg.querySelector(`.node[data-id="${CSS.escape(this.selected)}"]`) : null;
    e?.classList.add('selected');
    e?.setAttribute('aria-pressed', 'true');
    this.status.textContent = node ? this.describe(node) : '';
  }

  /** The selected node in words, with its problems: what a screen reader (and a glance) gets. */
  private describe(node: PlacedNode): string {
    const problems = node.visible.diagnostics.map((d) => `${d.severity} ${d.code}: ${d.message}`);
    return [`${node.visible.title} — ${node.visible.detail}`, ...problems].join('\n');
  }

  private revealSelected(): void {
    const node = this.placed(this.selected);
    if (node && this.camera) this.setCamera(revealBox(this.camera, node, this.viewportSize()));
  }

  /** The editor's cursor moved: select the layer there (the panel never moves the editor back). */
  selectAtOffset(offset: number): void {
    if (!this.layout) return;
    const node = nodeAtOffset(this.layout, offset);
    if (node && node.id !== this.selected) this.select(node.id);
  }

  private runSearch(move = true): void {
    const query = this.search.value.trim().toLowerCase();
    this.matches = [];
    if (query && this.view && this.layout) {
      const shown = new Set(this.layout.nodes.map((n) => n.id));
      const found = new Set<string>();
      for (const node of this.view.nodes) {
        if (!node.name.toLowerCase().includes(query) && !node.kind.toLowerCase().includes(query)) continue;
        // A layer inside a folded group is found as the group.
        const id = shown.has(node.id) ? node.id : node.group ? this.groupChain(node.group).map((g) => `g:${g}`).find((g) => shown.has(g)) : undefined;
        if (id && !found.has(id)) {
          found.add(id);
          this.matches.push(id);
        }
      }
    }
    for (const e of this.svg?.querySelectorAll('.node.match') ?? []) e.classList.remove('match');
    for (const id of this.matches) this.svg?.querySelector(`.node[data-id="${CSS.escape(id)}"]`)?.classList.add('match');
    this.matchCount.textContent = query ? `${this.matches.length} found` : '';
    this.matchIndex = -1;
    if (move && this.matches.length > 0) this.nextMatch(1);
  }

  private nextMatch(step: number): void {
    if (this.matches.length === 0) return;
    this.matchIndex = (this.matchIndex + step + this.matches.length) % this.matches.length;
    this.select(this.matches[this.matchIndex]);
  }

  private onKey(e: KeyboardEvent): void {
    const arrows: Record<string, Direction> = { ArrowUp: 'up', ArrowDown: 'down', ArrowLeft: 'left', ArrowRight: 'right' };
    const direction = arrows[e.key];
    const current = this.placed(this.selected);
    if (direction && this.layout) {
      const next = current ? neighbour(this.layout, current, direction) : this.layout.nodes[0];
      if (next) this.select(next.id);
    } else if (e.key === 'Enter' && current) this.select(current.id, { reveal: true });
    else if (e.key === ' ' && current) {
      const group = current.visible.group?.id ?? current.visible.cluster;
      if (group) this.toggleGroup(group);
    } else if (e.key === '+' || e.key === '=') this.zoomBy(1.25);
    else if (e.key === '-') this.zoomBy(1 / 1.25);
    else if (e.key === '0') this.fit();
    else if (e.key === '/') this.search.focus();
    else return;
    e.preventDefault();
  }

  private listenToPointer(): void {
    let drag: { x: number; y: number; camera: Camera; moved: boolean } | undefined;
    this.viewport.addEventListener('pointerdown', (e) => {
      if (e.button !== 0) return;
      drag = { x: e.clientX, y: e.clientY, camera: this.camera ?? { x: 0, y: 0, scale: 1 }, moved: false };
    });
    this.viewport.addEventListener('pointermove', (e) => {
      if (!drag) return;
      const dx = e.clientX - drag.x;
      const dy = e.clientY - drag.y;
      if (!drag.moved && Math.hypot(dx, dy) < 4) return;
      if (!drag.moved) this.viewport.setPointerCapture(e.pointerId);
      drag.moved = true;
      this.camera = { ...drag.camera, x: drag.camera.x + dx, y: drag.camera.y + dy };
      this.applyCamera();
    });
    const end = (e: PointerEvent): void => {
      const moved = drag?.moved ?? false;
      drag = undefined;
      if (moved) {
        this.save();
        return;
      }
      if (e.type === 'pointerup') this.click(e.target as Element);
    };
    this.viewport.addEventListener('pointerup', end);
    this.viewport.addEventListener('pointercancel', end);
    this.viewport.addEventListener(
      'wheel',
      (e) => {
        e.preventDefault();
        const box = this.viewport.getBoundingClientRect();
        this.setCamera(zoomAt(this.camera ?? { x: 0, y: 0, scale: 1 }, Math.exp(-e.deltaY * 0.0015), e.clientX - box.left, e.clientY - box.top));
      },
      { passive: false },
    );
  }

  /** A click on a node selects it and shows it in the editor; on a folded group or a frame's label, (un)folds it. */
  private click(target: Element): void {
    this.viewport.focus();
    const node = target.closest('.node');
    const id = node?.getAttribute('data-id') ?? undefined;
    if (id?.startsWith('g:')) {
      this.toggleGroup(id.slice(2));
      return;
    }
    if (id) {
      this.select(id, { reveal: true });
      return;
    }
    const cluster = target.closest('.cluster');
    const group = cluster?.getAttribute('data-group');
    if (group && target.tagName === 'text') this.toggleGroup(group);
  }

  private async export(format: 'svg' | 'png'): Promise<void> {
    if (!this.layout || !this.view) return;
    const svg = exportSvg(this.layout, paletteFromTheme(this.root), this.view.model);
    try {
      const data = format === 'svg' ? svg : await exportPng(svg, this.layout.width, this.layout.height);
      this.host.post({ type: 'export', format, data });
    } catch (error) {
      this.status.textContent = `Export failed: ${error instanceof Error ? error.message : String(error)}`;
    }
  }

  private save(): void {
    const state: SavedState = { collapsed: [...this.collapsed], ...(this.camera ? { camera: this.camera } : {}), ...(this.selected ? { selected: this.selected } : {}) };
    this.host.setState(state);
  }
}
