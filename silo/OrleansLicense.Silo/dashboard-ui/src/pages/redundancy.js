import { api, ApiError, describeError } from '../api.js';
import { h, replace } from '../dom.js';
import { formatDateTime, formatNumber } from '../format.js';
import { poll } from '../poll.js';
import { badge, emptyState, pageHeader, panel } from '../ui.js';
import { mountBackupPanel } from './backupPanel.js';
import { triadActions } from './triadActions.js';

const statusTone = { active: 'ok', joining: 'info', unreachable: 'warn', dead: 'danger', absent: 'danger' };

/**
 * Redundancy (R-TRI-3, the seed's 冗余 page): the triad drawn as its three servers, each with its name, addresses,
 * ports, role and status, which one is active, and the number of licenses; or, when the grid is no triad, how to make
 * one. Read from GET /api/v1/admin/triad every two seconds; the changes (create, roles, replace, dissolve) are made in
 * triadActions.js, or with `olic triad …`.
 */
export function mount(root) {
  const body = h('div', { 'aria-live': 'polite' }, emptyState('Reading the triad…'));
  const actions = triadActions({ onChanged: () => poller.refresh() });
  const backup = h('section', { class: 'backup-relationship' });
  replace(root, pageHeader('Redundancy', 'A triad: three servers with roles that act as one license server. A backup relationship: two independent servers with mapped licenses.'), body, actions.element, backup);
  const stopBackup = mountBackupPanel(backup);
  let shown = '';

  const poller = poll(async signal => {
    try {
      const triad = await api('/admin/triad', { signal });
      const key = JSON.stringify(triad);
      if (key !== shown) {
        shown = key;
        replace(body, drawTriad(triad));
      }
      actions.update(triad);
    } catch (e) {
      if (e?.name === 'AbortError') throw e;
      if (e instanceof ApiError && e.code === 'not_in_relationship') {
        if (shown !== 'none') replace(body, notATriad());
        shown = 'none';
        actions.update(null);
      } else {
        shown = '';
        replace(body, h('p', { class: 'page-error', role: 'alert' }, `Cannot read the triad: ${describeError(e)}`));
      }
    }
  }, 2000);

  return () => {
    poller.stop();
    stopBackup();
  };
}

function drawTriad(triad) {
  const summary = h('p', { dataset: { testid: 'triad-summary' } },
    h('strong', null, triad.name), ` (id ${triad.id}) · active: `,
    triad.active ? badge(triad.active, 'ok') : badge('none — no server may serve', 'danger'),
    ' · quorum here: ', triad.quorum ? badge('yes', 'ok') : badge('NO', 'danger'),
    ` · licenses: ${triad.licenses == null ? '—' : formatNumber(triad.licenses)}`,
    ` · failovers: ${formatNumber(triad.failovers)}`,
    triad.activeSince ? ` (active since ${formatDateTime(triad.activeSince)})` : '');
  const servers = h('div', { class: 'chart-grid three', role: 'list', 'aria-label': 'Triad servers' },
    triad.servers.map(server => h('section', {
      class: `panel triad-server${server.isActive ? ' active' : ''}`,
      role: 'listitem',
      dataset: { testid: `triad-${server.role}` },
    },
    h('h2', { class: 'panel-title' }, `${server.role[0].toUpperCase()}${server.role.slice(1)}`, ' ', server.isActive ? badge('active', 'ok') : null),
    h('dl', null,
      h('dt', null, 'Server'), h('dd', null, server.silo),
      h('dt', null, 'Status'), h('dd', null, badge(server.status, statusTone[server.status] ?? 'neutral')),
      h('dt', null, 'Addresses'), h('dd', null, server.addresses.join(' · ')),
      h('dt', null, 'Ports'), h('dd', null, `silo ${server.siloPort}${server.httpPort ? `, HTTP ${server.httpPort}` : ''}`),
      h('dt', null, 'Licenses'), h('dd', null, server.licenses == null ? '—' : formatNumber(server.licenses))))));
  return h('div', null, panel(null, summary), servers,
    h('p', { class: 'muted' },
      'Also from the command line: olic triad roles --primary SILO · olic triad replace NODE --with SILO · olic triad dissolve --licenses keep|move|deactivate'));
}

function notATriad() {
  return panel(null, h('div', { dataset: { testid: 'triad-none' } },
    h('p', null, 'This grid is not a triad.'),
    h('p', { class: 'muted' },
      'A triad is three silos of one grid: a primary, a secondary and a tertiary. Issue an enterprise license for it '
      + '(olic vendor issue --edition enterprise --bind triad:ID) and create it below, or run olic triad create --name ID '
      + '--primary SILO --secondary SILO --tertiary SILO --license FILE. deploy/guides/triad.md describes the three machines.')));
}
