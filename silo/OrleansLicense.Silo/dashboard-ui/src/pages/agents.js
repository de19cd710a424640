import { api, describeError } from '../api.js';
import { barChart, palette } from '../charts.js';
import { h, replace } from '../dom.js';
import { formatAgo, formatDateTime, formatNumber } from '../format.js';
import { poll } from '../poll.js';
import { badge, chartPanel, emptyState, errorLine, pageHeader, panel, responsiveTable } from '../ui.js';

/** The navigation icon: two linked levels (kept here so the page list needs one line). */
export const icon = ['M4 4h7v6H4z', 'M13 14h7v6h-7z', 'M7.5 10v7H13'];

const stateTones = { active: 'ok', stopped: 'warn', expired: 'danger', released: 'neutral' };

/**
 * Agents (#18 item 6): the second-level agent agreements this grid takes part in, per feature — as upstream (seats
 * lent to an agent grid) and as downstream (seats served for an upstream grid) — with mode, seats, in use and the
 * link's state, from GET /api/v1/admin/agents (what `olic agent list` shows).
 */
export function mount(root) {
  const table = responsiveTable([
    { key: 'feature', label: 'Feature' },
    { key: 'role', label: 'Role' },
    { key: 'agent', label: 'Agent' },
    { key: 'mode', label: 'Mode' },
    { key: 'seats', label: 'Seats', className: 'num' },
    { key: 'inUse', label: 'In use', className: 'num' },
    { key: 'state', label: 'Link' },
    { key: 'renewed', label: 'Last renewal' },
  ], { caption: 'Agent agreements per feature' });
  const empty = h('div');
  const loadError = errorLine('page-error');
  const seatsCanvas = h('canvas', { role: 'img', 'aria-label': 'Seats and seats in use of each agent agreement' });
  const seatsChart = barChart(seatsCanvas, { horizontal: true });

  replace(root,
    pageHeader('Agents', 'Second-level agents: seats this grid lends to an agent grid (upstream) or serves for an upstream grid (downstream).'),
    loadError.element,
    h('div', { class: 'chart-grid two' }, chartPanel('Seats and in use', seatsCanvas)),
    panel('Agreements', table.element, empty));

  const poller = poll(async signal => {
    try {
      const agents = await api('/admin/agents', { signal });
      loadError.hide();
      // Every poll: "last renewal" is shown relative to now.
      render(agents);
    } catch (e) {
      if (e?.name === 'AbortError') throw e;
      loadError.show(`Cannot read the agents: ${describeError(e)}`);
    }
  }, 2000);

  function render(agents) {
    // Per feature: an upstream feature lent to several agents shows them together.
    const sorted = [...agents].sort((a, b) => `${a.product}/${a.licenseId}/${a.feature}/${a.role}/${a.agentId}`
      .localeCompare(`${b.product}/${b.licenseId}/${b.feature}/${b.role}/${b.agentId}`));
    replace(table.body, sorted.map(a => table.row([
      h('div', null, h('div', { class: 'strong' }, a.feature), h('div', { class: 'mono small muted' }, `${a.product} · ${a.licenseId}`)),
      badge(a.role, a.role === 'upstream' ? 'info' : 'neutral'),
      h('span', { class: 'mono' }, a.agentId),
      a.mode,
      formatNumber(a.seats),
      formatNumber(a.inUse),
      badge(a.state, stateTones[a.state] ?? 'neutral'),
      a.lastRenewal ? h('span', { title: formatDateTime(a.lastRenewal) }, formatAgo(a.lastRenewal)) : '—',
    ], { dataset: { agent: `${a.role}:${a.agentId}:${a.licenseId}:${a.feature}` } })));
    replace(empty, sorted.length ? null : emptyState('No agents. An agent grid adds one with the seed’s addAgent call (see the README, “Second-level agents”).'));

    // Two short lines per bar (Chart.js takes an array), so a phone does not clip the label.
    const labels = sorted.map(a => [a.feature, `${a.role} · ${a.agentId}`]);
    seatsChart.update(labels, [
      { label: 'Seats', color: palette[0], values: sorted.map(a => a.seats) },
      { label: 'In use', color: palette[1], values: sorted.map(a => a.inUse) },
    ]);
  }

  return () => {
    poller.stop();
    seatsChart.destroy();
  };
}
