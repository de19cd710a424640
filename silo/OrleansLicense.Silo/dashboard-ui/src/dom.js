// A tiny element builder. Everything from the server (user names, hosts, log text) goes in as
// text nodes, never as HTML, so a client that logs in as "<img onerror=…>" cannot script the page.

/**
 * Creates an element.
 * @param {string} tag
 * @param {Record<string, unknown> | null} [props] attributes; `class`, `dataset`, `style` (object), `on<event>` handlers
 * @param {...unknown} children nodes or text; null/false are skipped, arrays are flattened
 * @returns {HTMLElement}
 */
export function h(tag, props, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'class') element.className = String(value);
    else if (key === 'dataset') Object.assign(element.dataset, value);
    // Styles go through the CSSOM: the page's content security policy forbids style attributes.
    else if (key === 'style') Object.assign(element.style, value);
    else if (key.startsWith('on') && typeof value === 'function') element.addEventListener(key.slice(2).toLowerCase(), value);
    else if (key === 'value' && 'value' in element) element.value = String(value);
    else if (key === 'checked' && 'checked' in element) element.checked = Boolean(value);
    else element.setAttribute(key, value === true ? '' : String(value));
  }
  append(element, children);
  return element;
}

/** Appends children (nodes or text) to an element. */
export function append(element, children) {
  for (const child of [children].flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : String(child));
  }
  return element;
}

/** Replaces every child of an element. */
export function replace(element, ...children) {
  element.replaceChildren();
  return append(element, children);
}

/** An SVG icon from 24x24 path data (stroke icons in the style of the sidebar). */
export function icon(paths, className = 'icon') {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('class', className);
  for (const d of [paths].flat()) {
    const path = document.createElementNS(ns, 'path');
    path.setAttribute('d', d);
    svg.append(path);
  }
  return svg;
}
