import { api, describeError } from '../api.js';
import { liveLineChart, palette } from '../charts.js';
import { confirmDialog } from '../dialog.js';
import { h, replace } from '../dom.js';
import { formatBytes, formatDuration, formatMs, formatNumber, formatPercent } from '../format.js';
import { poll } from '../poll.js';
import { toast } from '../toast.js';
import { badge, chartPanel, errorLine, pageHeader, panel, responsiveTable, statCard } from '../ui.js';

/** Overview: the cluster, its mode with the maintenance switch, the silos, and live call charts. */
export function mount(root) {
  const clusterId = h('span', { class: 'mono', dataset: { testid: 'cluster-id' } }, '…');
  const topology = h('span', null, '…');
  const licenses = h('span', null, '…');
  const sessions = h('span', null, '…');
  const version = h('span', { class: 'mono version' }, '…');
  const modeText = h('span', { dataset: { testid: 'mode' } }, '…');
  const modeSwitch = h('button', {
    type: 'button',
    role: 'switch',
    class: 'switch',
    'aria-checked': 'false',
    'aria-label': 'Maintenance mode',
    disabled: true,
  }, h('span', { class: 'switch-thumb' }));
  const modeCard = statCard('Mode', modeText, h('label', { class: 'switch-row' }, modeSwitch, h('span', null, 'Maintenance')));
  const statusError = errorLine('page-error');

  const silos = responsiveTable([
    { key: 'name', label: 'Silo' },
    { key: 'status', label: 'Status' },
    { key: 'role', label: 'Role' },
    { key: 'leader', label: 'Leader' },
    { key: 'activations', label: 'Activations', className: 'num' },
    { key: 'cpu', label: 'CPU', className: 'num' },
    { key: 'memory', label: 'Memory', className: 'num' },
    { key: 'uptime', label: 'Up', className: 'num' },
  ], { caption: 'Silos of the cluster' });
  const siloNote = h('p', { class: 'muted small' });

  const callsCanvas = h('canvas', { 'aria-label': 'Calls per second over the last 100 seconds', role: 'img' });
  const errorsCanvas = h('canvas', { 'aria-label': 'Error rate over the last 100 seconds', role: 'img' });
  const latencyCanvas = h('canvas', { 'aria-label': 'Grain call latency over the last 100 seconds', role: 'img' });
  const callsChart = liveLineChart(callsCanvas, { yTitle: 'calls/s', legend: false });
  const errorsChart = liveLineChart(errorsCanvas, { yTitle: '%', suggestedMax: 5, legend: false, format: v => `${formatNumber(v)} %` });
  const latencyChart = liveLineChart(latencyCanvas, { yTitle: 'ms', format: v => formatMs(v) });
  const callsNow = h('span', { class: 'chart-figure' });
  const errorsNow = h('span', { class: 'chart-figure' });
  const latencyNow = h('span', { class: 'chart-figure' });

  replace(root,
    pageHeader('Overview', 'The cluster this silo belongs to, live.'),
    statusError.element,
    h('section', { class: 'stat-cards' },
      statCard('Cluster', clusterId),
      statCard('Topology', topology),
      modeCard,
      statCard('Licenses', licenses),
      statCard('Sessions', sessions),
      statCard('Version', version)),
    panel('Silos', silos.element, siloNote),
    h('div', { class: 'chart-grid' },
      withFigure(chartPanel('Calls per second', callsCanvas), callsNow),
      withFigure(chartPanel('Error rate', errorsCanvas), errorsNow),
      withFigure(chartPanel('Latency (mean and max)', latencyCanvas), latencyNow)));

  let mode = null;
  modeSwitch.addEventListener('click', async () => {
    if (mode === null) return;
    const entering = mode !== 'maintenance';
    const confirmed = await confirmDialog({
      title: entering ? 'Switch to maintenance mode?' : 'Leave maintenance mode?',
      message: entering
        ? 'Every new login is refused with "maintenance" until you switch back. Clients already logged in keep working. The mode survives restarts.'
        : 'Clients can log in again.',
      confirmText: entering ? 'Enter maintenance' : 'Back to normal',
      danger: entering,
    });
    if (!confirmed) return;
    modeSwitch.disabled = true;
    try {
      const result = await api('/admin/maintenance', { method: 'PUT', json: { mode: entering ? 'maintenance' : 'normal' } });
      showMode(result.maintenance ? 'maintenance' : 'normal');
      toast(result.maintenance ? 'Maintenance mode is on: new logins are refused.' : 'Back to normal mode: logins are accepted.');
      status.refresh();
    } catch (e) {
      toast(`The mode did not change: ${describeError(e)}`, 'error');
    } finally {
      modeSwitch.disabled = false;
    }
  });

  function showMode(value) {
    mode = value;
    const on = value === 'maintenance';
    replace(modeText, badge(on ? 'maintenance' : 'normal', on ? 'warn' : 'ok'));
    modeSwitch.setAttribute('aria-checked', String(on));
    modeSwitch.disabled = false;
  }

  const status = poll(async signal => {
    try {
      const s = await api('/admin/status', { signal });
      statusError.hide();
      replace(clusterId, s.clusterId);
      replace(topology, s.topology === 'grid' ? 'Grid (PostgreSQL)' : 'Single silo');
      replace(licenses, String(s.licenses));
      replace(sessions, String(s.sessions));
      // An informational version carries the full commit id; seven characters identify it.
      replace(version, s.version.replace(/\+([0-9a-f]{7})[0-9a-f]+$/, '+$1'));
      version.title = s.version;
      showMode(s.mode);
    } catch (e) {
      if (e?.name === 'AbortError') throw e;
      statusError.show(`Cannot read the status: ${describeError(e)}`);
    }
  }, 2000);

  const overview = poll(async signal => {
    const o = await api('/admin/dashboard/overview', { signal });
    replace(silos.body, o.silos.map(silo => silos.row([
      h('div', null, h('div', { class: 'strong' }, silo.name, silo.isSelf ? h('span', { class: 'muted small' }, ' (this silo)') : null), h('div', { class: 'mono small muted' }, silo.address)),
      badge(silo.status, silo.status === 'active' ? 'ok' : silo.status === 'dead' ? 'danger' : 'warn'),
      silo.role ?? '—',
      silo.isLeader ? badge('leader', 'info') : '—',
      silo.activations ?? '—',
      silo.process ? formatPercent(silo.process.cpuPercent) : '—',
      silo.process ? formatBytes(silo.process.workingSetBytes) : '—',
      silo.process ? formatDuration(silo.process.uptimeSeconds) : '—',
    ], { dataset: { silo: silo.address } })));
    const peers = o.silos.filter(s => !s.isSelf).length;
    replace(siloNote, `${o.remindersScheduled} reminder(s) scheduled on this silo.`,
      peers ? ' CPU and memory are measured by each silo itself: open a silo’s own dashboard for its figures.' : '');
  }, 2000);

  const stats = poll(async signal => {
    const s = await api('/admin/dashboard/stats', { signal });
    const total = s.total;
    const last = total.length ? Date.parse(total[total.length - 1].at) : 0;
    const x = sample => (Date.parse(sample.at) - last) / 1000;
    callsChart.update([{ label: 'Calls/s', color: palette[0], fill: true, points: total.map(t => ({ x: x(t), y: t.calls })) }]);
    errorsChart.update([{ label: 'Errors', color: palette[7], fill: true, points: total.map(t => ({ x: x(t), y: t.calls ? (100 * t.errors) / t.calls : 0 })) }]);
    latencyChart.update([
      { label: 'Mean', color: palette[1], points: total.map(t => ({ x: x(t), y: t.meanLatencyMs })) },
      { label: 'Max', color: palette[2], dashed: true, points: total.map(t => ({ x: x(t), y: t.maxLatencyMs })) },
    ]);
    const recent = total.slice(-10);
    const calls = recent.reduce((sum, t) => sum + t.calls, 0);
    const errors = recent.reduce((sum, t) => sum + t.errors, 0);
    const meanLatency = calls ? recent.reduce((sum, t) => sum + t.meanLatencyMs * t.calls, 0) / calls : 0;
    replace(callsNow, `${formatNumber(recent.length ? calls / recent.length : 0)}/s`);
    replace(errorsNow, formatPercent(calls ? (100 * errors) / calls : 0));
    replace(latencyNow, formatMs(meanLatency));
  }, 1000);

  return () => {
    for (const p of [status, overview, stats]) p.stop();
    for (const c of [callsChart, errorsChart, latencyChart]) c.destroy();
  };
}

/** Puts the figure of the last 10 seconds beside a chart's title. */
function withFigure(chart, figure) {
  chart.querySelector('.panel-title').append(figure);
  figure.title = 'Last 10 seconds';
  return chart;
}
