import { h, replace } from './dom.js';

/** A page heading with an optional line under it and actions on the right. */
export function pageHeader(title, subtitle, ...actions) {
  return h('header', { class: 'page-header' },
    h('div', null, h('h1', null, title), subtitle ? h('p', { class: 'muted' }, subtitle) : null),
    actions.length ? h('div', { class: 'page-actions' }, actions) : null);
}

/** A white panel with a title. */
export function panel(title, ...children) {
  return h('section', { class: 'panel' }, title ? h('h2', { class: 'panel-title' }, title) : null, children);
}

/** A small coloured label. tone: ok, warn, danger, info, neutral. */
export function badge(text, tone = 'neutral') {
  return h('span', { class: `badge ${tone}` }, text);
}

/** A figure card of the overview. */
export function statCard(label, value, extra) {
  return h('div', { class: 'stat-card' }, h('div', { class: 'stat-label' }, label), h('div', { class: 'stat-value' }, value), extra ?? null);
}

/** A muted message shown when a list is empty. */
export function emptyState(message) {
  return h('p', { class: 'empty' }, message);
}

/**
 * An error line that stays hidden until show(); role=alert so screen readers announce it.
 * @returns {{element: HTMLElement, show: (message: string) => void, hide: () => void}}
 */
export function errorLine(className = 'form-error') {
  const element = h('p', { class: className, role: 'alert', hidden: true });
  return {
    element,
    show(message) {
      replace(element, message);
      element.hidden = false;
    },
    hide() {
      element.hidden = true;
      replace(element);
    },
  };
}

/** A chart panel: a title and a fixed-height box holding the canvas Chart.js draws into. */
export function chartPanel(title, canvas, className = '') {
  return h('section', { class: `panel chart-panel ${className}` }, h('h2', { class: 'panel-title' }, title), h('div', { class: 'chart-box' }, canvas));
}

/**
 * A table whose rows turn into cards on phones (each cell shows its column name from data-label).
 * @param {{key: string, label: string, sortable?: boolean, className?: string}[]} columns
 */
export function responsiveTable(columns, { onSort, caption } = {}) {
  const headRow = h('tr', null, columns.map(column => {
    if (!column.sortable) return h('th', { scope: 'col', class: column.className }, column.label);
    const button = h('button', { type: 'button', class: 'sort', onclick: () => onSort?.(column.key) }, column.label, h('span', { class: 'sort-mark', 'aria-hidden': 'true' }));
    return h('th', { scope: 'col', class: column.className, 'aria-sort': 'none', dataset: { key: column.key } }, button);
  }));
  const body = h('tbody');
  const table = h('table', { class: 'table responsive' }, caption ? h('caption', { class: 'visually-hidden' }, caption) : null, h('thead', null, headRow), body);
  return {
    element: h('div', { class: 'table-wrap' }, table),
    body,
    /** Marks the sorted column. */
    setSort(key, direction) {
      for (const th of headRow.querySelectorAll('th[data-key]')) {
        th.setAttribute('aria-sort', th.dataset.key === key ? (direction === 'asc' ? 'ascending' : 'descending') : 'none');
      }
    },
    /** A row whose cells carry their column labels. */
    row(cells, props) {
      return h('tr', props ?? null, cells.map((cell, i) => h('td', { 'data-label': columns[i].label, class: columns[i].className }, cell)));
    },
  };
}
