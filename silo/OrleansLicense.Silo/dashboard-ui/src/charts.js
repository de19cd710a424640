import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';

// Only the pieces used here are registered, which keeps the bundle small.
Chart.register(BarController, BarElement, CategoryScale, Filler, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip);
Chart.defaults.font.family = getComputedStyle(document.documentElement).getPropertyValue('--font').trim() || 'system-ui, sans-serif';
Chart.defaults.font.size = 12;
Chart.defaults.color = '#5b6478';
Chart.defaults.borderColor = '#e6e9f0';

/** Series colours, in order. */
export const palette = ['#2f5bea', '#0f9f8f', '#e0892b', '#c2417e', '#7a5af5', '#3b9ad9', '#6b8e23', '#d14343', '#8b6f47', '#475569'];

/** A translucent version of a #rrggbb colour. */
export function fade(color, alpha) {
  const n = parseInt(color.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

const secondsAxis = windowSeconds => ({
  type: 'linear',
  min: -windowSeconds,
  max: 0,
  ticks: { stepSize: windowSeconds >= 200 ? 60 : 20, maxRotation: 0, callback: value => (value === 0 ? 'now' : `${value} s`) },
  grid: { display: false },
});

/**
 * A live line chart over the last windowSeconds, x in seconds relative to now (0 = now).
 * @param {HTMLCanvasElement} canvas
 * @param {{windowSeconds?: number, yTitle?: string, beginAtZero?: boolean, suggestedMax?: number, legend?: boolean, stepped?: boolean, format?: (v: number) => string}} options
 */
export function liveLineChart(canvas, { windowSeconds = 100, yTitle, beginAtZero = true, suggestedMax, legend = true, stepped = false, format } = {}) {
  const chart = new Chart(canvas, {
    type: 'line',
    data: { datasets: [] },
    options: {
      // Redrawn every second: animating each update would keep the two shared cores busy.
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      parsing: false,
      normalized: true,
      interaction: { mode: 'nearest', axis: 'x', intersect: false },
      elements: { point: { radius: 0, hoverRadius: 3 }, line: { borderWidth: 2, tension: 0, stepped } },
      scales: {
        x: secondsAxis(windowSeconds),
        y: {
          beginAtZero,
          suggestedMax,
          title: { display: Boolean(yTitle), text: yTitle },
          ticks: { precision: 0, callback: format ? value => format(value) : undefined },
        },
      },
      plugins: {
        legend: { display: legend, position: 'bottom', labels: { boxWidth: 12, boxHeight: 12 } },
        tooltip: {
          callbacks: {
            title: items => (items[0] ? (items[0].parsed.x === 0 ? 'now' : `${Math.round(-items[0].parsed.x)} s ago`) : ''),
            label: item => `${item.dataset.label}: ${format ? format(item.parsed.y) : item.parsed.y}`,
          },
        },
      },
    },
  });

  return {
    /**
     * Replaces the series.
     * @param {{label: string, color: string, points: {x: number, y: number}[], fill?: boolean, dashed?: boolean}[]} series
     */
    update(series) {
      const datasets = chart.data.datasets;
      series.forEach((s, i) => {
        const dataset = datasets[i] ?? {};
        Object.assign(dataset, {
          label: s.label,
          data: s.points,
          borderColor: s.color,
          backgroundColor: fade(s.color, 0.12),
          fill: s.fill ?? false,
          borderDash: s.dashed ? [5, 4] : [],
          // A series of one or two samples has no line to show yet.
          pointRadius: s.points.length <= 2 ? 3 : 0,
        });
        datasets[i] = dataset;
      });
      datasets.length = series.length;
      chart.update('none');
    },
    destroy: () => chart.destroy(),
  };
}

/**
 * A bar chart over categories.
 * @param {HTMLCanvasElement} canvas
 * @param {{horizontal?: boolean, yTitle?: string, stacked?: boolean, legend?: boolean}} options
 */
export function barChart(canvas, { horizontal = false, yTitle, stacked = false, legend = true } = {}) {
  const valueAxis = horizontal ? 'x' : 'y';
  const chart = new Chart(canvas, {
    type: 'bar',
    data: { labels: [], datasets: [] },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      indexAxis: horizontal ? 'y' : 'x',
      scales: {
        [valueAxis]: { beginAtZero: true, stacked, ticks: { precision: 0 }, title: { display: Boolean(yTitle), text: yTitle } },
        [horizontal ? 'y' : 'x']: { stacked, grid: { display: false } },
      },
      plugins: { legend: { display: legend, position: 'bottom', labels: { boxWidth: 12, boxHeight: 12 } } },
    },
  });

  return {
    /**
     * @param {string[]} labels
     * @param {{label: string, color: string, values: number[]}[]} series
     */
    update(labels, series) {
      chart.data.labels = labels;
      const datasets = chart.data.datasets;
      series.forEach((s, i) => {
        const dataset = datasets[i] ?? {};
        Object.assign(dataset, { label: s.label, data: s.values, backgroundColor: s.color, borderRadius: 4, maxBarThickness: 36 });
        datasets[i] = dataset;
      });
      datasets.length = series.length;
      chart.update('none');
    },
    destroy: () => chart.destroy(),
  };
}
