import { api, describeError } from '../api.js';
import { barChart, palette } from '../charts.js';
import { h, replace } from '../dom.js';
import { formatBytes, formatNumber, formatPercent } from '../format.js';
import { poll } from '../poll.js';
import { badge, chartPanel, emptyState, errorLine, pageHeader, panel, responsiveTable } from '../ui.js';

/**
 * Grains: Orleans' own statistics (IManagementGrain) — activations per grain type across the active silos, and
 * each silo's runtime figures. Calls, errors and latency per method are on the Orleans Dashboard.
 */
export function mount(root) {
  const types = responsiveTable([
    { key: 'type', label: 'Grain type' },
    { key: 'activations', label: 'Activations', className: 'num' },
    { key: 'silos', label: 'Per silo' },
    { key: 'class', label: 'Class' },
  ], { caption: 'Grain types' });
  const silos = responsiveTable([
    { key: 'name', label: 'Silo' },
    { key: 'activations', label: 'Activations', className: 'num' },
    { key: 'recent', label: 'Recently used', className: 'num' },
    { key: 'cpu', label: 'CPU', className: 'num' },
    { key: 'memory', label: 'Memory', className: 'num' },
    { key: 'clients', label: 'Orleans clients', className: 'num' },
    { key: 'received', label: 'Messages in', className: 'num' },
    { key: 'sent', label: 'Messages out', className: 'num' },
  ], { caption: 'Silos' });
  const typesEmpty = h('div');
  const loadError = errorLine('page-error');
  const showSystem = h('input', { type: 'checkbox', id: 'show-system' });
  const activationsCanvas = h('canvas', { role: 'img', 'aria-label': 'Activations per grain type' });
  const activationsChart = barChart(activationsCanvas, { horizontal: true, legend: false });
  let last = null;

  replace(root,
    pageHeader('Grains', 'Virtual actors active in the cluster, from Orleans’ own statistics.',
      h('a', { class: 'button secondary', href: '/dashboard/orleans/', target: '_blank', rel: 'noopener' }, 'Calls and latency: Orleans Dashboard')),
    loadError.element,
    h('div', { class: 'chart-grid two' }, chartPanel('Activations by grain type', activationsCanvas)),
    panel('Grain types', h('label', { class: 'muted small', for: 'show-system' }, showSystem, ' Show Orleans’ own grains'), types.element, typesEmpty),
    panel('Silos', silos.element));

  showSystem.addEventListener('change', () => last && render(last));

  const poller = poll(async signal => {
    try {
      const stats = await api('/admin/dashboard/stats', { signal });
      loadError.hide();
      last = stats;
      render(stats);
    } catch (e) {
      if (e?.name === 'AbortError') throw e;
      loadError.show(`Cannot read the statistics: ${describeError(e)}`);
    }
  }, 2000);

  function render(stats) {
    const names = new Map(stats.silos.map(s => [s.address, s.name]));
    const grains = stats.grains.filter(g => showSystem.checked || !g.isSystem);
    replace(types.body, grains.map(g => types.row([
      h('span', { class: 'strong' }, g.grainType, g.isSystem ? h('span', null, ' ', badge('Orleans', 'neutral')) : null),
      formatNumber(g.activations),
      h('span', { class: 'small' }, g.silos.map(s => `${names.get(s.address) ?? s.address}: ${formatNumber(s.activations)}`).join(' · ')),
      h('span', { class: 'mono small muted' }, g.typeName),
    ], { dataset: { grainType: g.grainType } })));
    replace(typesEmpty, grains.length ? null : emptyState('No grain is active.'));

    replace(silos.body, stats.silos.map(s => silos.row([
      h('div', null, h('div', { class: 'strong' }, s.name, s.isSelf ? h('span', { class: 'muted small' }, ' (this silo)') : null), h('div', { class: 'mono small muted' }, s.address)),
      formatNumber(s.activations),
      formatNumber(s.recentlyUsedActivations),
      formatPercent(s.cpuPercent),
      formatBytes(s.memoryUsageBytes),
      formatNumber(s.clients),
      formatNumber(s.receivedMessages),
      formatNumber(s.sentMessages),
    ], { dataset: { silo: s.address } })));

    const byActivations = [...grains].sort((a, b) => b.activations - a.activations).slice(0, 15);
    activationsChart.update(byActivations.map(g => g.grainType), [{ label: 'Activations', color: palette[0], values: byActivations.map(g => g.activations) }]);
  }

  return () => {
    poller.stop();
    activationsChart.destroy();
  };
}
