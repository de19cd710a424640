import { describeError } from '../api.js';
import { barChart, liveLineChart, palette } from '../charts.js';
import { h, replace } from '../dom.js';
import { featureKey, historySeconds } from '../licenseStore.js';
import { chartPanel, emptyState, errorLine, pageHeader, panel, responsiveTable } from '../ui.js';

/**
 * Usage: seats in use per feature over the last minutes (sampled from the license views every
 * second by the license store, since sign-in) and today's peak per feature against its seats.
 */
export function mount(root, { store }) {
  const inUseCanvas = h('canvas', { role: 'img', 'aria-label': 'Seats in use per feature over the last five minutes' });
  const peakCanvas = h('canvas', { role: 'img', 'aria-label': 'Peak today and seats per feature' });
  const sampled = h('span', { class: 'chart-figure' });
  const inUseChart = liveLineChart(inUseCanvas, { windowSeconds: historySeconds, yTitle: 'seats', stepped: true });
  const peakChart = barChart(peakCanvas, { yTitle: 'seats' });
  const table = responsiveTable([
    { key: 'feature', label: 'Feature' },
    { key: 'license', label: 'License' },
    { key: 'now', label: 'In use now', className: 'num' },
    { key: 'peak', label: 'Peak today', className: 'num' },
    { key: 'seats', label: 'Seats', className: 'num' },
  ], { caption: 'Usage per feature' });
  const empty = h('div');
  const loadError = errorLine('page-error');

  replace(root,
    pageHeader('Usage', 'Seats in use (held by sessions or borrowed), sampled every second since you signed in.'),
    loadError.element,
    h('div', { class: 'chart-grid two' },
      withFigure(chartPanel('Seats in use, last 5 minutes', inUseCanvas, 'tall'), sampled),
      chartPanel('Peak today per feature', peakCanvas, 'tall')),
    panel('Per feature', table.element, empty));

  const unsubscribe = store.subscribe(({ licenses, error, history }) => {
    if (error) loadError.show(`Cannot read the licenses: ${describeError(error)}`);
    else loadError.hide();
    if (!licenses) return;

    const features = licenses.filter(l => l.status === 'active').flatMap(license => license.features.map(feature => ({ license, feature })));
    // The product names a feature unless two licenses of one product share a feature name.
    const names = new Map();
    for (const { license, feature } of features) {
      const short = `${license.product} · ${feature.name}`;
      names.set(short, (names.get(short) ?? 0) + 1);
    }
    const label = ({ license, feature }) => {
      const short = `${license.product} · ${feature.name}`;
      return names.get(short) > 1 ? `${short} (${license.id})` : short;
    };

    const now = history.length ? history[history.length - 1].t : Date.now();
    const span = history.length ? Math.round((now - history[0].t) / 1000) : 0;
    replace(sampled, span < historySeconds - 5 ? `sampling for ${span} s` : '');
    inUseChart.update(features.map((f, i) => {
      const key = featureKey(f.license, f.feature);
      return {
        label: label(f),
        color: palette[i % palette.length],
        points: history.filter(sample => sample.inUse.has(key)).map(sample => ({ x: (sample.t - now) / 1000, y: sample.inUse.get(key) })),
      };
    }));
    peakChart.update(features.map(label), [
      { label: 'Peak today', color: palette[0], values: features.map(f => f.feature.peakToday) },
      { label: 'Seats', color: '#c9d2e3', values: features.map(f => f.feature.seats) },
    ]);
    replace(table.body, features.map(f => table.row([
      h('span', { class: 'strong' }, f.feature.name),
      h('span', null, f.license.product, h('span', { class: 'muted mono small' }, ` ${f.license.id}`)),
      String(f.feature.used + f.feature.borrowed),
      String(f.feature.peakToday),
      String(f.feature.seats),
    ])));
    replace(empty, features.length ? null : emptyState('No active license: import one on the Licenses page.'));
  });

  return () => {
    unsubscribe();
    inUseChart.destroy();
    peakChart.destroy();
  };
}

/** Puts a short note beside a chart's title. */
function withFigure(chart, figure) {
  chart.querySelector('.panel-title').append(figure);
  return chart;
}
