/**
 * DOM helpers that never parse HTML: text goes in through `textContent` (so a layer named
 * `<img src=x onerror=alert(1)>` shows as those characters), attributes through `setAttribute`,
 * and no inline style or event-handler attribute is ever written (the panel's CSP forbids both).
 */

type Child = Node | string | null | undefined | false;

export interface ElementOptions {
  /** CSS class names. */
  readonly className?: string;
  /** Plain attributes (`role`, `aria-*`, `id`, `type`, `title`, …); `on…` and `style` are refused. */
  readonly attributes?: Readonly<Record<string, string | number | boolean | undefined>>;
  readonly text?: string;
}

/** Creates an element with classes, attributes and children (strings become text nodes). */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, options: ElementOptions = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (options.className) element.className = options.className;
  for (const [name, value] of Object.entries(options.attributes ?? {})) setAttribute(element, name, value);
  if (options.text !== undefined) element.textContent = options.text;
  append(element, ...children);
  return element;
}

/** Sets (or, for false/undefined, removes) an attribute; refuses event handlers and inline styles. */
export function setAttribute(element: Element, name: string, value: string | number | boolean | undefined): void {
  const lower = name.toLowerCase();
  if (lower.startsWith('on') || lower === 'style' || lower === 'srcdoc') throw new Error(`dom: refusing the attribute ${name}`);
  if (value === undefined || value === false) element.removeAttribute(name);
  else element.setAttribute(name, value === true ? '' : String(value));
}

/** Appends children; strings become text nodes. */
export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  }
}

/** Replaces all children. */
export function replaceChildren(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, ...children);
}

/** A `<select>` with options (values and labels set as properties and text). */
export function selectElement(label: string, options: readonly { value: string; label: string }[], selected: string | undefined, className = ''): HTMLSelectElement {
  const select = el('select', { className, attributes: { 'aria-label': label } });
  for (const option of options) {
    const item = el('option', { text: option.label });
    item.value = option.value;
    select.append(item);
  }
  if (selected !== undefined && options.some((o) => o.value === selected)) select.value = selected;
  return select;
}

/** A labelled control: `<label>text control</label>`. */
export function labelled(text: string, control: HTMLElement, className = 'control'): HTMLLabelElement {
  return el('label', { className }, el('span', { className: 'control-label', text }), control);
}

/** A checkbox with a label (`key` marks it for `rebuildKeepingFocus`). */
export function checkbox(text: string, checked: boolean, onChange: (checked: boolean) => void, key?: string): HTMLLabelElement {
  const input = el('input', { attributes: { type: 'checkbox', 'data-key': key } });
  input.checked = checked;
  input.addEventListener('change', () => onChange(input.checked));
  return el('label', { className: 'control checkbox' }, input, el('span', { text }));
}

/**
 * Rebuilds a container's children and gives focus back to the element with the same `data-key`
 * (a live update must not take the keyboard focus away from a control the user is on).
 */
export function rebuildKeepingFocus(container: Element, build: () => Node[]): void {
  const focused = document.activeElement;
  const key = focused instanceof HTMLElement && container.contains(focused) ? focused.dataset.key : undefined;
  container.replaceChildren(...build());
  if (key === undefined) return;
  for (const candidate of container.querySelectorAll<HTMLElement>('[data-key]')) {
    if (candidate.dataset.key === key) {
      candidate.focus();
      return;
    }
  }
}

const builtFrom = new WeakMap<Element, string>();

/**
 * `rebuildKeepingFocus`, but only when `key` (what the children are built from) differs from the
 * last build's: a live update that changes nothing the container shows leaves its DOM alone, so the
 * page does no style, layout or paint work for it.
 */
export function rebuildIfChanged(container: Element, key: string, build: () => Node[]): void {
  if (builtFrom.get(container) === key) return;
  builtFrom.set(container, key);
  rebuildKeepingFocus(container, build);
}
