import { api, ApiError, describeError } from '../api.js';
import { confirmDialog } from '../dialog.js';
import { h, replace } from '../dom.js';
import { formatDateTime, formatNumber } from '../format.js';
import { poll } from '../poll.js';
import { toast } from '../toast.js';
import { badge, emptyState, panel, responsiveTable } from '../ui.js';

const stateTone = { connected: 'ok', disconnected: 'warn', dissolving: 'danger' };
const statusTone = { up: 'ok', down: 'danger', unknown: 'warn' };

/**
 * The backup relationship on the Redundancy page (R-BAK-6, the seed's 备份关系 table): both servers with their roles,
 * addresses and status, the state, the last sync and the mapping, with "Sync now" (on the primary) and "Dissolve".
 * Read from GET /api/v1/admin/backup every two seconds.
 * @param {HTMLElement} container where the panel goes
 * @returns {() => void} stops the polling
 */
export function mountBackupPanel(container) {
  const body = h('div', { 'aria-live': 'polite', dataset: { testid: 'backup' } }, emptyState('Reading the backup relationship…'));
  replace(container, h('h2', null, 'Backup relationship'), body);
  let shown = '';

  const poller = poll(async signal => {
    try {
      const view = await api('/admin/backup', { signal });
      const key = JSON.stringify(view);
      if (key !== shown) {
        shown = key;
        replace(body, draw(view, refresh));
      }
    } catch (e) {
      if (e?.name === 'AbortError') throw e;
      shown = '';
      replace(body, e instanceof ApiError && e.code === 'not_in_relationship'
        ? noRelationship()
        : h('p', { class: 'page-error', role: 'alert' }, `Cannot read the backup relationship: ${describeError(e)}`));
    }
  }, 2000);

  function refresh() {
    shown = '';
    poller.refresh();
  }

  return () => poller.stop();
}

function draw(view, refresh) {
  const summary = h('p', { dataset: { testid: 'backup-summary' } },
    `Relationship ${view.relationshipId} · this server is the `, h('strong', null, view.role),
    ' · state: ', badge(view.state, stateTone[view.state] ?? 'neutral'),
    ` · last sync: ${view.lastSync ? formatDateTime(view.lastSync) : 'never'}`,
    ` · settings version ${formatNumber(view.settingsVersion)}`);
  const error = view.lastError ? h('p', { class: 'form-error', role: 'status', dataset: { testid: 'backup-error' } }, `Last error: ${view.lastError}`) : null;

  const servers = responsiveTable([
    { key: 'role', label: 'Role' }, { key: 'name', label: 'Server' }, { key: 'cluster', label: 'Cluster' },
    { key: 'status', label: 'Status' }, { key: 'addresses', label: 'Addresses' }], { caption: 'Backup servers' });
  for (const server of [view.self, view.partner].sort((a, b) => (a.role === 'primary' ? 0 : 1) - (b.role === 'primary' ? 0 : 1))) {
    servers.body.append(servers.row(
      [server.role, server.name + (server === view.self ? ' (this server)' : ''), server.clusterId, badge(server.status, statusTone[server.status] ?? 'neutral'), server.addresses.join(' · ')],
      { dataset: { testid: `backup-${server.role}` } }));
  }

  const mapping = responsiveTable([
    { key: 'product', label: 'Product' }, { key: 'primary', label: 'Primary license' }, { key: 'backup', label: 'Backup license' }], { caption: 'Mapped licenses' });
  for (const pair of view.mapping) {
    mapping.body.append(mapping.row([pair.product, pair.primaryLicense, pair.backupLicense]));
  }

  const actionError = h('p', { class: 'form-error', role: 'alert', hidden: true });
  const fail = e => { actionError.hidden = false; actionError.textContent = describeError(e); };
  const sync = h('button', { type: 'button', class: 'button primary', disabled: view.role !== 'primary' || view.state === 'dissolving' }, 'Sync now');
  sync.addEventListener('click', async () => {
    actionError.hidden = true;
    try {
      const synced = await api('/admin/backup/sync', { method: 'POST' });
      toast(synced.lastError ? `Sync failed: ${synced.lastError}` : `Synced settings version ${synced.settingsVersion}.`, synced.lastError ? 'error' : 'success');
      refresh();
    } catch (e) {
      fail(e);
    }
  });
  const dissolve = h('button', { type: 'button', class: 'button danger' }, 'Dissolve');
  dissolve.addEventListener('click', async () => {
    const ok = await confirmDialog({
      title: 'Dissolve the backup relationship?',
      message: `Relationship ${view.relationshipId} with ${view.partner.name} ends on this server; the partner is told now, or when it answers again.`,
      confirmText: 'Dissolve',
      danger: true,
    });
    if (!ok) return;
    actionError.hidden = true;
    try {
      const result = await api('/admin/backup', { method: 'DELETE' });
      toast(result.state === 'dissolved' ? 'Dissolved on both servers.' : 'Dissolved here; the partner is told when it answers again.');
      refresh();
    } catch (e) {
      fail(e);
    }
  });

  return h('div', null,
    panel(null, summary, error),
    panel('Servers', servers.element),
    panel('Mapped licenses', mapping.element),
    panel('Manage', h('div', { class: 'form-actions' }, sync, dissolve), actionError,
      view.role === 'backup'
        ? h('p', { class: 'muted' }, 'The client timeout, borrow rules, access rules and named admins come from the primary: changes made here are overwritten by the next sync.')
        : null));
}

function noRelationship() {
  return panel(null, h('div', { dataset: { testid: 'backup-none' } },
    h('p', null, 'This server is in no backup relationship.'),
    h('p', { class: 'muted' },
      'A backup relationship pairs this server with another one that has its own licenses: on the primary run '
      + 'olic backup create --backup URL --backup-token-file FILE --map PRIMARY=BACKUP (or, offline, olic license export-list on the '
      + 'backup, olic backup create --backup-list FILE --map … --out REL.bkdat on the primary, olic backup import REL.bkdat on the backup). '
      + 'deploy/guides/backup.md describes the two machines.')));
}
