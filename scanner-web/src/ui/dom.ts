type Child = Node | string | null | undefined | false;
type Attributes = Record<string, string | boolean | number | EventListener | undefined>;

/** Creates an element: attributes (on* are listeners, booleans toggle), then children. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2), value);
    } else {
      element.setAttribute(name, value === true ? '' : String(value));
    }
  }
  for (const child of children) {
    if (child !== null && child !== undefined && child !== false) {
      element.append(child);
    }
  }
  return element;
}

/** Replaces an element's content. */
export function replace(parent: Element, ...children: Child[]): void {
  parent.replaceChildren(
    ...children.filter((c): c is Node | string => c !== null && c !== undefined && c !== false),
  );
}

/** Says something to screen-reader users through the page's live region. */
export function announce(message: string): void {
  const region = document.getElementById('announcer');
  if (region !== null) {
    region.textContent = '';
    window.setTimeout(() => (region.textContent = message), 50);
  }
}

/** A labelled form field. */
export function field(
  label: string,
  input: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement,
  hint?: string,
): HTMLElement {
  const id = input.id || `f-${Math.random().toString(36).slice(2)}`;
  input.id = id;
  const hintId = hint === undefined ? undefined : `${id}-hint`;
  if (hintId !== undefined) input.setAttribute('aria-describedby', hintId);
  return h(
    'div',
    { class: 'field' },
    h('label', { for: id }, label),
    input,
    hint === undefined ? null : h('small', { id: hintId }, hint),
  );
}

/** A status line for a form: errors and confirmations, announced. */
export function statusLine(): {
  element: HTMLElement;
  ok(message: string): void;
  error(message: string): void;
  clear(): void;
} {
  const element = h('p', { class: 'status', role: 'status' });
  return {
    element,
    ok(message) {
      element.className = 'status ok';
      element.textContent = message;
    },
    error(message) {
      element.className = 'status error';
      element.textContent = message;
      announce(message);
    },
    clear() {
      element.className = 'status';
      element.textContent = '';
    },
  };
}
