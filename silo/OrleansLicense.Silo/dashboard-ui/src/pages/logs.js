import { ApiError, describeError, unauthorizedEvent } from '../api.js';
import { h, icon, replace } from '../dom.js';
import { icons } from '../icons.js';
import { formatTime } from '../format.js';
import { readEventStream } from '../sse.js';
import { pageHeader } from '../ui.js';

/** Entries kept on the page, like the server's ring buffer. */
const maxEntries = 500;
const levels = ['Trace', 'Debug', 'Information', 'Warning', 'Error', 'Critical'];

/** Logs: this silo's recent log entries, then new ones as they are written (server-sent events). */
export function mount(root) {
  const level = h('select', { 'aria-label': 'Lowest level shown' },
    h('option', { value: 'Trace' }, 'All levels'),
    h('option', { value: 'Information' }, 'Information and above'),
    h('option', { value: 'Warning' }, 'Warnings and errors'),
    h('option', { value: 'Error' }, 'Errors only'));
  const filter = h('input', { type: 'search', class: 'search-input', placeholder: 'Filter text or category', 'aria-label': 'Filter log entries' });
  const pause = h('button', { type: 'button', class: 'button secondary small', 'aria-pressed': 'false' }, 'Pause');
  const clear = h('button', { type: 'button', class: 'button secondary small' }, 'Clear');
  const state = h('span', { class: 'connection', role: 'status' }, 'Connecting…');
  const view = h('div', { class: 'log-view', role: 'log', 'aria-label': 'Log entries', tabindex: '0' });

  replace(root,
    pageHeader('Logs', 'The last 500 entries of this silo’s log, then new ones as they are written.'),
    h('div', { class: 'toolbar wrap' }, level, h('div', { class: 'search grow' }, icon(icons.search), filter), pause, clear, state),
    h('section', { class: 'panel flush' }, view));

  /** @type {any[]} */
  let entries = [];
  let paused = false;
  let lastId = null;
  const controller = new AbortController();

  level.addEventListener('change', render);
  filter.addEventListener('input', render);
  pause.addEventListener('click', () => {
    paused = !paused;
    pause.setAttribute('aria-pressed', String(paused));
    replace(pause, paused ? 'Resume' : 'Pause');
    if (!paused) render();
  });
  clear.addEventListener('click', () => {
    entries = [];
    render();
  });

  function matches(entry) {
    if (levels.indexOf(entry.level) < levels.indexOf(level.value)) return false;
    const text = filter.value.trim().toLowerCase();
    return !text || `${entry.category} ${entry.message} ${entry.exception ?? ''}`.toLowerCase().includes(text);
  }

  function line(entry) {
    const category = entry.category.split('.').pop();
    return h('div', { class: `log-entry level-${entry.level.toLowerCase()}` },
      h('time', { datetime: entry.timestamp, class: 'log-time' }, formatTime(entry.timestamp)),
      h('span', { class: 'log-level' }, entry.level === 'Information' ? 'Info' : entry.level),
      h('span', { class: 'log-category', title: entry.category }, category),
      h('span', { class: 'log-message' }, entry.message),
      entry.exception ? h('pre', { class: 'log-exception' }, entry.exception) : null);
  }

  function render() {
    const shown = entries.filter(matches);
    replace(view, shown.length ? shown.map(line) : h('p', { class: 'empty' }, entries.length ? 'No entry matches the filter.' : 'No log entries yet.'));
    view.scrollTop = view.scrollHeight;
  }

  let pending = [];
  let frame = 0;
  function add(entry) {
    entries.push(entry);
    if (entries.length > maxEntries) entries = entries.slice(-maxEntries);
    if (paused) return;
    pending.push(entry);
    // Bursts (the backlog of 500 on connect) are drawn once per frame, not once per entry.
    frame ||= requestAnimationFrame(flush);
  }

  function flush() {
    frame = 0;
    const atBottom = view.scrollHeight - view.scrollTop - view.clientHeight < 40;
    const batch = pending.filter(matches);
    pending = [];
    view.querySelector('.empty')?.remove();
    view.append(...batch.map(line));
    while (view.childElementCount > maxEntries) view.firstElementChild.remove();
    if (!view.childElementCount) render();
    if (atBottom) view.scrollTop = view.scrollHeight;
  }

  (async () => {
    while (!controller.signal.aborted) {
      try {
        const after = lastId === null ? '' : `?after=${encodeURIComponent(lastId)}`;
        await readEventStream(`/api/v1/admin/dashboard/logs${after}`, {
          signal: controller.signal,
          onOpen: () => setState('Streaming', 'ok'),
          onEvent: event => {
            if (event.type !== 'log') return;
            lastId = event.id ?? lastId;
            add(JSON.parse(event.data));
          },
        });
        setState('The server ended the stream; reconnecting…', 'down');
      } catch (e) {
        if (controller.signal.aborted) return;
        if (e instanceof ApiError && e.status === 401) {
          window.dispatchEvent(new CustomEvent(unauthorizedEvent));
          return;
        }
        setState(`Disconnected (${describeError(e)}); reconnecting…`, 'down');
      }
      await new Promise(resolve => {
        const timer = setTimeout(resolve, 2000);
        controller.signal.addEventListener('abort', () => {
          clearTimeout(timer);
          resolve();
        }, { once: true });
      });
    }
  })();

  function setState(text, tone) {
    replace(state, text);
    state.className = `connection ${tone}`;
  }

  return () => {
    controller.abort();
    cancelAnimationFrame(frame);
  };
}
