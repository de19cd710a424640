import { api, ApiError, describeError } from '../api.js';
import { h, replace } from '../dom.js';
import { formatDateTime, formatFeatures, humanize } from '../format.js';
import { poll } from '../poll.js';
import { emptyState, pageHeader, panel } from '../ui.js';

const isoDate = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/**
 * Borrows: the list of GET /api/v1/admin/borrows when this server has it. Borrowing is being
 * added to the server separately, so nothing is assumed about the rows beyond being JSON objects:
 * the columns are their fields. A server without the endpoint gets a plain "not available".
 */
export function mount(root) {
  const body = h('div', { 'aria-live': 'polite' }, emptyState('Checking whether this server lends seats…'));
  replace(root, pageHeader('Borrows', 'Seats lent to clients for offline use, until returned or expired.'), body);

  let shown = '';
  let poller = start();

  function start() {
    const p = poll(async signal => {
      try {
        const answer = await api('/admin/borrows', { signal });
        const rows = Array.isArray(answer) ? answer : Object.values(answer ?? {}).find(Array.isArray) ?? [];
        const key = JSON.stringify(rows);
        if (key !== shown) {
          shown = key;
          replace(body, panel(null, rows.length ? borrowTable(rows) : emptyState('No seats are borrowed right now.')));
        }
      } catch (e) {
        if (e?.name === 'AbortError') throw e;
        shown = '';
        if (e instanceof ApiError && [404, 405, 501].includes(e.status)) {
          // Asking every two seconds would not change the answer until the server is upgraded.
          p.stop();
          unavailable(e.status);
        } else {
          replace(body, h('p', { class: 'page-error', role: 'alert' }, `Cannot read the borrows: ${describeError(e)}`));
        }
      }
    }, 2000);
    return p;
  }

  function unavailable(status) {
    const retry = h('button', { type: 'button', class: 'button secondary' }, 'Check again');
    retry.addEventListener('click', () => {
      replace(body, emptyState('Checking…'));
      poller = start();
    });
    replace(body, h('section', { class: 'panel notice', dataset: { testid: 'borrows-unavailable' } },
      h('h2', { class: 'panel-title' }, 'Borrowing is not available on this server'),
      h('p', null, `This silo does not offer the borrow API (GET /api/v1/admin/borrows answered ${status}). `
        + 'When the server supports borrowing, the seats lent out are listed here.'),
      retry));
  }

  return () => poller.stop();
}

function borrowTable(rows) {
  const keys = [...new Set(rows.slice(0, 50).flatMap(row => (row && typeof row === 'object' ? Object.keys(row) : [])))];
  return h('div', { class: 'table-wrap' },
    h('table', { class: 'table responsive' },
      h('thead', null, h('tr', null, keys.map(key => h('th', { scope: 'col' }, humanize(key))))),
      h('tbody', null, rows.map(row => h('tr', null, keys.map(key => h('td', { 'data-label': humanize(key) }, formatValue(row?.[key]))))))));
}

function formatValue(value) {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'string' && isoDate.test(value)) return formatDateTime(value);
  if (Array.isArray(value)) {
    if (value.every(v => v && typeof v === 'object' && 'name' in v)) return formatFeatures(value.map(v => ({ name: v.name, count: v.count ?? 1 })));
    return value.map(v => (typeof v === 'object' ? JSON.stringify(v) : String(v))).join(', ');
  }
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
