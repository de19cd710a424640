import { api, describeError } from '../api.js';
import { confirmDialog } from '../dialog.js';
import { h, icon, replace } from '../dom.js';
import { formatAgo, formatDateTime, formatFeatures } from '../format.js';
import { icons } from '../icons.js';
import { poll } from '../poll.js';
import { toast } from '../toast.js';
import { emptyState, errorLine, pageHeader, responsiveTable } from '../ui.js';

const columns = [
  { key: 'sessionId', label: 'Session', sortable: true },
  { key: 'user', label: 'User', sortable: true },
  { key: 'host', label: 'Host', sortable: true },
  { key: 'address', label: 'Address', sortable: true },
  { key: 'product', label: 'Product', sortable: true },
  { key: 'licenseId', label: 'License', sortable: true },
  { key: 'features', label: 'Features', sortable: true },
  { key: 'since', label: 'Since', sortable: true },
  { key: 'lastHeartbeat', label: 'Last heartbeat', sortable: true },
  { key: 'actions', label: '', className: 'actions' },
];

const setText = (element, value) => {
  if (element.textContent !== value) element.textContent = value;
};

const text = (session, key) => (key === 'features' ? formatFeatures(session.features) : String(session[key] ?? ''));

/** Sessions: a live, searchable, sortable table with a remove button per session. */
export function mount(root) {
  const search = h('input', { type: 'search', class: 'search-input', placeholder: 'Search user, host, address, product, feature…', 'aria-label': 'Search sessions' });
  const count = h('span', { class: 'muted', 'aria-live': 'polite' });
  const table = responsiveTable(columns, { onSort: sortBy, caption: 'Live sessions' });
  const empty = h('div');
  const loadError = errorLine('page-error');

  replace(root,
    pageHeader('Sessions', 'Client programs holding seats now. Updated every second.'),
    loadError.element,
    h('div', { class: 'toolbar' }, h('div', { class: 'search' }, icon(icons.search), search), count),
    h('section', { class: 'panel flush' }, table.element, empty));

  let sessions = [];
  let sort = { key: 'since', direction: 'desc' };
  table.setSort(sort.key, sort.direction);
  search.addEventListener('input', render);

  function sortBy(key) {
    sort = { key, direction: sort.key === key && sort.direction === 'asc' ? 'desc' : 'asc' };
    table.setSort(sort.key, sort.direction);
    render();
  }

  function render() {
    const terms = search.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
    const visible = sessions
      .filter(s => {
        const haystack = [s.user, s.host, s.address, s.product, s.sessionId, s.licenseId, formatFeatures(s.features)].join(' ').toLowerCase();
        return terms.every(t => haystack.includes(t));
      })
      .sort((a, b) => {
        const order = sort.key === 'since' || sort.key === 'lastHeartbeat'
          ? Date.parse(a[sort.key] ?? a.restoredAt) - Date.parse(b[sort.key] ?? b.restoredAt)
          : text(a, sort.key).localeCompare(text(b, sort.key), undefined, { sensitivity: 'base', numeric: true });
        return sort.direction === 'asc' ? order : -order;
      });

    const now = Date.now();
    const wanted = visible.map(session => rowFor(session, now));
    // Rows are kept per session and only their text changes: a row rebuilt every second would
    // swallow a click that lands between the button's mousedown and mouseup.
    const current = [...table.body.children];
    if (current.length !== wanted.length || current.some((row, i) => row !== wanted[i])) table.body.replaceChildren(...wanted);
    const ids = new Set(sessions.map(x => x.sessionId));
    for (const id of rows.keys()) if (!ids.has(id)) rows.delete(id);
    replace(count, sessions.length === visible.length ? `${sessions.length} session(s)` : `${visible.length} of ${sessions.length} session(s)`);
    replace(empty, visible.length ? null : emptyState(sessions.length ? 'No session matches the search.' : 'No client is logged in.'));
  }

  /** @type {Map<string, {tr: HTMLElement, cells: HTMLElement[], session: any}>} */
  const rows = new Map();

  function rowFor(session, now) {
    let entry = rows.get(session.sessionId);
    if (!entry) {
      const remove = h('button', { type: 'button', class: 'button danger-outline small' }, 'Remove');
      remove.addEventListener('click', () => removeSession(rows.get(session.sessionId)?.session ?? session));
      const tr = table.row([
        h('span', { class: 'mono small', dataset: { testid: 'session-id' } }), h('span'), h('span'), h('span', { class: 'mono' }), h('span'),
        h('span', { class: 'mono small', dataset: { testid: 'license-id' } }), h('span'), h('time'), h('time', { dataset: { testid: 'heartbeat' } }), remove,
      ], { dataset: { sessionId: session.sessionId } });
      entry = { tr, cells: [...tr.querySelectorAll('td > :first-child')], session };
      rows.set(session.sessionId, entry);
      remove.setAttribute('aria-label', `Remove session of ${session.user ?? 'unknown user'} on ${session.host ?? 'unknown host'}`);
    }

    entry.session = session;
    const [id, user, host, address, product, license, features, since, heartbeat] = entry.cells;
    setText(id, session.sessionId);
    setText(license, session.licenseId ?? '—');
    setText(user, session.user ?? '—');
    setText(host, session.host ?? '—');
    setText(address, session.address ?? '—');
    setText(product, session.product);
    setText(features, formatFeatures(session.features));
    setText(since, formatDateTime(session.since));
    since.setAttribute('datetime', session.since);
    if (session.lastHeartbeat) {
      setText(heartbeat, formatAgo(session.lastHeartbeat, now));
      heartbeat.setAttribute('datetime', session.lastHeartbeat);
      heartbeat.title = formatDateTime(session.lastHeartbeat);
    } else {
      // After a restart or failover no client has sent a heartbeat yet: show the grace period as what it is
      // (issue #14 item 17), not the restart time as a heartbeat.
      const restored = session.restoredAt ? `restored at ${formatDateTime(session.restoredAt)}` : 'none yet';
      setText(heartbeat, session.expiresAt ? `${restored}, expires at ${formatDateTime(session.expiresAt)}` : restored);
      heartbeat.setAttribute('datetime', session.restoredAt ?? '');
      heartbeat.title = 'No heartbeat since the server restored this session';
    }
    return entry.tr;
  }

  async function removeSession(session) {
    const ok = await confirmDialog({
      title: 'Remove this session?',
      message: `${session.user ?? 'The client'} on ${session.host ?? 'an unknown host'} loses ${formatFeatures(session.features)} at once; the seats return to the pool and the client is told it was kicked.`,
      confirmText: 'Remove session',
      danger: true,
    });
    if (!ok) return;
    try {
      await api(`/admin/sessions/${encodeURIComponent(session.sessionId)}`, { method: 'DELETE' });
      sessions = sessions.filter(s => s.sessionId !== session.sessionId);
      render();
      toast('Session removed; its seats are free again.');
      poller.refresh();
    } catch (e) {
      toast(`The session was not removed: ${describeError(e)}`, 'error');
    }
  }

  const poller = poll(async signal => {
    try {
      sessions = await api('/admin/sessions', { signal });
      loadError.hide();
      render();
    } catch (e) {
      if (e?.name === 'AbortError') throw e;
      loadError.show(`Cannot read the sessions: ${describeError(e)}`);
    }
  }, 1000);

  return () => poller.stop();
}
