import { api, describeError } from '../api.js';
import { liveLineChart, palette } from '../charts.js';
import { confirmDialog } from '../dialog.js';
import { h, replace } from '../dom.js';
import { formatBytes, formatDuration, formatNumber, formatPercent } from '../format.js';
import { poll } from '../poll.js';
import { toast } from '../toast.js';
import { badge, chartPanel, errorLine, pageHeader, panel, responsiveTable, statCard } from '../ui.js';

/** Overview: the cluster, its mode with the maintenance switch, the silos, and live call charts. */
export function mount(root) {
  const clusterId = h('span', { class: 'mono', dataset: { testid: 'cluster-id' } }, '…');
  const topology = h('span', { dataset: { testid: 'topology' } }, '…');
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
  // Stopped and crashed silos leave rows in Orleans' membership table until they expire (issue #14 item 16): hidden
  // unless asked for, so the table shows the cluster as it is.
  const showDead = h('input', { type: 'checkbox', dataset: { testid: 'show-dead-silos' } });
  const deadCount = h('span', { dataset: { testid: 'dead-silo-count' } }, '');
  const deadToggle = h('label', { class: 'small muted dead-toggle', hidden: true }, showDead, ' Show stopped and dead silos ', deadCount);
  let lastOverview = null;

  const activationsCanvas = h('canvas', { 'aria-label': 'Grain activations over the last 100 seconds', role: 'img' });
  const cpuCanvas = h('canvas', { 'aria-label': 'CPU of each silo over the last 100 seconds', role: 'img' });
  const memoryCanvas = h('canvas', { 'aria-label': 'Memory of each silo over the last 100 seconds', role: 'img' });
  const activationsChart = liveLineChart(activationsCanvas, { yTitle: 'activations', legend: false });
  const cpuChart = liveLineChart(cpuCanvas, { yTitle: '%', suggestedMax: 100, format: v => `${formatNumber(v)} %` });
  const memoryChart = liveLineChart(memoryCanvas, { yTitle: 'MiB', format: v => `${formatNumber(v)} MiB` });
  const activationsNow = h('span', { class: 'chart-figure' });
  const cpuNow = h('span', { class: 'chart-figure' });
  const memoryNow = h('span', { class: 'chart-figure' });

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
    panel('Silos', silos.element, deadToggle, siloNote),
    h('div', { class: 'chart-grid' },
      withFigure(chartPanel('Activations', activationsCanvas), activationsNow),
      withFigure(chartPanel('CPU by silo', cpuCanvas), cpuNow),
      withFigure(chartPanel('Memory by silo', memoryCanvas), memoryNow)));

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
      // Each part on its own unbreakable line: a narrow card broke "PostgreSQL" in the middle (issue #14 item 18).
      replace(topology, ...(s.topology === 'grid'
        ? [h('span', { class: 'nowrap' }, 'Grid'), h('span', { class: 'nowrap stat-sub' }, 'PostgreSQL')]
        : [h('span', { class: 'nowrap' }, 'Single silo'), h('span', { class: 'nowrap stat-sub' }, 'SQLite')]));
      replace(licenses, String(s.licenses));
      replace(sessions, s.sessions == null ? '–' : String(s.sessions));
      // A degraded grid still has a status: what could not be counted, and why (a triad silo without a quorum).
      sessions.title = (s.degraded ?? []).join('\n');
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
    lastOverview = await api('/admin/dashboard/overview', { signal });
    showSilos();
    replace(siloNote, 'Activations, CPU and memory as each silo measures them (Orleans’ runtime statistics). Calls, errors and latency per grain method: ',
      h('a', { href: '/dashboard/orleans/', target: '_blank', rel: 'noopener' }, 'Orleans Dashboard'), '.');
  }, 2000);

  showDead.addEventListener('change', () => showSilos());

  function showSilos() {
    const o = lastOverview;
    if (!o) return;
    const dead = o.silos.filter(silo => silo.status === 'dead').length;
    deadToggle.hidden = dead === 0;
    replace(deadCount, `(${dead})`);
    const shown = showDead.checked ? o.silos : o.silos.filter(silo => silo.status !== 'dead');
    replace(silos.body, shown.map(silo => silos.row([
      h('div', null, h('div', { class: 'strong' }, silo.name, silo.isSelf ? h('span', { class: 'muted small' }, ' (this silo)') : null), h('div', { class: 'mono small muted' }, silo.address)),
      badge(silo.status, silo.status === 'active' ? 'ok' : silo.status === 'dead' ? 'danger' : 'warn'),
      silo.role ?? '—',
      silo.isLeader ? badge('leader', 'info') : '—',
      silo.activations ?? '—',
      silo.process ? formatPercent(silo.process.cpuPercent) : '—',
      silo.process ? formatBytes(silo.process.memoryUsageBytes) : '—',
      silo.process ? formatDuration(silo.process.uptimeSeconds) : '—',
    ], { dataset: { silo: silo.address } })));
  }

  const stats = poll(async signal => {
    const s = await api('/admin/dashboard/stats', { signal });
    const history = s.history;
    const last = history.length ? Date.parse(history[history.length - 1].at) : 0;
    const x = sample => (Date.parse(sample.at) - last) / 1000;
    const silosSeen = [...new Map(history.flatMap(h => h.silos).map(silo => [silo.address, silo.name])).entries()];
    const perSilo = (value, scale = 1) => silosSeen.map(([address, name], i) => ({
      label: name,
      color: palette[i % palette.length],
      points: history.flatMap(sample => sample.silos.filter(silo => silo.address === address).map(silo => ({ x: x(sample), y: value(silo) / scale }))),
    }));
    activationsChart.update([{ label: 'Activations', color: palette[0], fill: true, points: history.map(t => ({ x: x(t), y: t.activations })) }]);
    cpuChart.update(perSilo(silo => silo.cpuPercent));
    memoryChart.update(perSilo(silo => silo.memoryUsageBytes, 1024 * 1024));
    const now = s.silos;
    replace(activationsNow, formatNumber(now.reduce((sum, silo) => sum + silo.activations, 0)));
    replace(cpuNow, now.length ? formatPercent(now.reduce((sum, silo) => sum + silo.cpuPercent, 0) / now.length) : '—');
    replace(memoryNow, formatBytes(now.reduce((sum, silo) => sum + silo.memoryUsageBytes, 0)));
  }, 1000);

  return () => {
    for (const p of [status, overview, stats]) p.stop();
    for (const c of [activationsChart, cpuChart, memoryChart]) c.destroy();
  };
}

/** Puts the latest figure beside a chart's title. */
function withFigure(chart, figure) {
  chart.querySelector('.panel-title').append(figure);
  figure.title = 'Now (CPU: the mean of the silos; memory: their sum)';
  return chart;
}
