import { api, describeError } from '../api.js';
import { barChart, liveLineChart, palette } from '../charts.js';
import { h, replace } from '../dom.js';
import { formatMs, formatNumber, formatPercent } from '../format.js';
import { poll } from '../poll.js';
import { chartPanel, emptyState, errorLine, pageHeader, panel, responsiveTable } from '../ui.js';

/** Grains: per grain type on this silo, activations, calls per second, errors and latency. */
export function mount(root) {
  const types = responsiveTable([
    { key: 'type', label: 'Grain type' },
    { key: 'activations', label: 'Activations', className: 'num' },
    { key: 'rate', label: 'Calls/s (10 s)', className: 'num' },
    { key: 'calls', label: 'Calls (100 s)', className: 'num' },
    { key: 'errors', label: 'Errors (100 s)', className: 'num' },
    { key: 'mean', label: 'Mean latency', className: 'num' },
    { key: 'max', label: 'Max latency', className: 'num' },
  ], { caption: 'Grain types' });
  const methods = responsiveTable([
    { key: 'method', label: 'Method' },
    { key: 'type', label: 'Grain type' },
    { key: 'rate', label: 'Calls/s (10 s)', className: 'num' },
    { key: 'calls', label: 'Calls (100 s)', className: 'num' },
    { key: 'errors', label: 'Errors', className: 'num' },
    { key: 'mean', label: 'Mean latency', className: 'num' },
    { key: 'max', label: 'Max latency', className: 'num' },
  ], { caption: 'Grain methods' });
  const typesEmpty = h('div');
  const loadError = errorLine('page-error');
  const activationsCanvas = h('canvas', { role: 'img', 'aria-label': 'Activations per grain type' });
  const callsCanvas = h('canvas', { role: 'img', 'aria-label': 'Calls per second per grain type over the last 100 seconds' });
  const activationsChart = barChart(activationsCanvas, { horizontal: true, legend: false });
  const callsChart = liveLineChart(callsCanvas, { yTitle: 'calls/s' });

  replace(root,
    pageHeader('Grains', 'Virtual actors active on this silo and the calls they served in the last 100 seconds.'),
    loadError.element,
    h('div', { class: 'chart-grid two' }, chartPanel('Activations by grain type', activationsCanvas), chartPanel('Calls per second by grain type', callsCanvas)),
    panel('Grain types', types.element, typesEmpty),
    panel('Busiest methods', methods.element));

  const poller = poll(async signal => {
    try {
      const stats = await api('/admin/dashboard/stats', { signal });
      loadError.hide();
      render(stats);
    } catch (e) {
      if (e?.name === 'AbortError') throw e;
      loadError.show(`Cannot read the statistics: ${describeError(e)}`);
    }
  }, 1000);

  function render(stats) {
    const grains = stats.grains;
    replace(types.body, grains.map(g => types.row([
      h('span', { class: 'strong' }, g.grainType),
      String(g.activations),
      formatNumber(g.callsPerSecond),
      String(g.calls),
      g.errors ? h('span', { class: 'danger-text' }, `${g.errors} (${formatPercent((100 * g.errors) / Math.max(g.calls, 1))})`) : '0',
      formatMs(g.meanLatencyMs),
      formatMs(g.maxLatencyMs),
    ], { dataset: { grainType: g.grainType } })));
    replace(typesEmpty, grains.length ? null : emptyState('No grain is active and none was called in the last 100 seconds.'));

    const busiest = grains.flatMap(g => g.methods.map(m => ({ ...m, grainType: g.grainType })))
      .sort((a, b) => b.calls - a.calls || a.method.localeCompare(b.method))
      .slice(0, 10);
    replace(methods.body, busiest.map(m => methods.row([
      h('span', { class: 'mono small' }, m.method),
      m.grainType,
      formatNumber(m.callsPerSecond),
      String(m.calls),
      String(m.errors),
      formatMs(m.meanLatencyMs),
      formatMs(m.maxLatencyMs),
    ])));

    const byActivations = [...grains].sort((a, b) => b.activations - a.activations);
    activationsChart.update(byActivations.map(g => g.grainType), [{ label: 'Activations', color: palette[0], values: byActivations.map(g => g.activations) }]);

    const times = stats.total.map(t => Date.parse(t.at));
    const last = times.length ? times[times.length - 1] : 0;
    callsChart.update(grains.filter(g => g.calls > 0).map((g, i) => ({
      label: g.grainType,
      color: palette[i % palette.length],
      points: g.callsSeries.map((calls, j) => ({ x: (times[j] - last) / 1000, y: calls })),
    })));
  }

  return () => {
    poller.stop();
    activationsChart.destroy();
    callsChart.destroy();
  };
}
