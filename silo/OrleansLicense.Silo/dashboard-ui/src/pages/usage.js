import { api, describeError } from '../api.js';
import { barChart, liveLineChart, palette } from '../charts.js';
import { h, replace } from '../dom.js';
import { featureKey, historySeconds } from '../licenseStore.js';
import { poll } from '../poll.js';
import { chartPanel, emptyState, errorLine, pageHeader, panel, responsiveTable } from '../ui.js';

/** Days of stored peaks drawn on the page. */
const peakDays = 30;

/**
 * Usage: seats in use per feature over the last minutes (sampled from the license views every
 * second by the license store, since sign-in), today's peak per feature against its seats, and the
 * daily peaks the server stores (R-USE-3), which do not depend on when the page was opened (issue #14 item 18).
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
  const dailyCanvas = h('canvas', { role: 'img', 'aria-label': `Stored daily peaks per feature, last ${peakDays} days` });
  const dailyChart = barChart(dailyCanvas, { yTitle: 'seats' });
  const dailyTable = responsiveTable([
    { key: 'day', label: 'Day (UTC)' },
    { key: 'license', label: 'License' },
    { key: 'feature', label: 'Feature' },
    { key: 'peak', label: 'Peak', className: 'num' },
  ], { caption: 'Stored daily peaks' });
  const dailyError = errorLine('peaks-error');
  let activeLicenses = [];
  let peaks = null;

  replace(root,
    pageHeader('Usage', 'Seats in use (held by sessions or borrowed), sampled every second since you signed in.'),
    loadError.element,
    h('div', { class: 'chart-grid two' },
      withFigure(chartPanel('Seats in use, last 5 minutes', inUseCanvas, 'tall'), sampled),
      chartPanel('Peak today per feature', peakCanvas, 'tall')),
    panel('Per feature', table.element, empty),
    dailyError.element,
    chartPanel(`Daily peaks (stored), last ${peakDays} days`, dailyCanvas, 'tall'),
    panel('Stored daily peaks', dailyTable.element));

  const unsubscribe = store.subscribe(({ licenses, error, history }) => {
    if (error) loadError.show(`Cannot read the licenses: ${describeError(error)}`);
    else loadError.hide();
    if (!licenses) return;

    const wasKnown = activeLicenses.map(l => l.id).join(',');
    activeLicenses = licenses.filter(l => l.status === 'active');
    if (activeLicenses.map(l => l.id).join(',') !== wasKnown) peaks?.refresh();
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

  // The stored peaks: per UTC day, the most seats per feature in use at once, from the peak grains.
  peaks = poll(async signal => {
    const from = new Date(Date.now() - (peakDays - 1) * 86400000).toISOString().slice(0, 10);
    try {
      const views = await Promise.all(activeLicenses.map(license =>
        api(`/admin/peaks/${encodeURIComponent(license.id)}?from=${from}`, { signal }).then(view => ({ license, view }))));
      dailyError.hide();
      const days = [...new Set(views.flatMap(({ view }) => view.days.map(d => d.time.slice(0, 10))))].sort();
      const series = views.flatMap(({ license, view }) => license.features.map(feature => ({ license, feature, view })));
      dailyChart.update(days, series.map(({ license, feature, view }, i) => ({
        label: `${license.product} · ${feature.name}`,
        color: palette[i % palette.length],
        values: days.map(day => view.days.find(d => d.time.startsWith(day))?.features[feature.name] ?? 0),
      })));
      const rows = views.flatMap(({ license, view }) => view.days.flatMap(day => Object.entries(day.features)
        .map(([feature, peak]) => ({ day: day.time.slice(0, 10), license, feature, peak }))));
      rows.sort((a, b) => b.day.localeCompare(a.day) || a.feature.localeCompare(b.feature));
      replace(dailyTable.body, rows.map(r => dailyTable.row([
        h('span', { class: 'mono' }, r.day),
        h('span', null, r.license.product, h('span', { class: 'muted mono small' }, ` ${r.license.id}`)),
        r.feature,
        String(r.peak),
      ], { dataset: { peakDay: r.day, peakLicense: r.license.id, peakFeature: r.feature } })));
    } catch (e) {
      if (e?.name === 'AbortError') throw e;
      dailyError.show(`Cannot read the stored peaks: ${describeError(e)}`);
    }
  }, 15000);

  return () => {
    unsubscribe();
    peaks.stop();
    inUseChart.destroy();
    peakChart.destroy();
    dailyChart.destroy();
  };
}

/** Puts a short note beside a chart's title. */
function withFigure(chart, figure) {
  chart.querySelector('.panel-title').append(figure);
  return chart;
}
