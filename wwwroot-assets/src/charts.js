// Renders the console's charts with ApexCharts. The library (about 1 MB) is loaded on the first chart
// rather than on every page, from the copy the build places next to this module.
const libraryUrl = new URL('./apexcharts/apexcharts.min.js', import.meta.url).href;
const charts = new WeakMap();
let loading;

// Colour-blind-safe series palette that reads on both light and dark surfaces.
const palette = ['#4f6bed', '#14a38b', '#f59e0b', '#e0567a', '#8b5cf6', '#0ea5e9', '#84cc16', '#f97316'];

function loadLibrary() {
  if (window.ApexCharts) {
    return Promise.resolve(window.ApexCharts);
  }
  loading ??= new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = libraryUrl;
    script.async = true;
    script.onload = () => resolve(window.ApexCharts);
    script.onerror = () => {
      loading = undefined;
      reject(new Error('The chart library could not be loaded.'));
    };
    document.head.appendChild(script);
  });
  return loading;
}

function cssVar(name, fallback) {
  const value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return value || fallback;
}

function formatter(kind, locale) {
  const lang = locale || undefined;
  switch (kind) {
    case 'currency': {
      // The platform sells in CNY; a narrow symbol reads "¥" in every language rather than "CN¥".
      const whole = new Intl.NumberFormat(lang, { style: 'currency', currency: 'CNY', currencyDisplay: 'narrowSymbol', maximumFractionDigits: 0 });
      const cents = new Intl.NumberFormat(lang, { style: 'currency', currency: 'CNY', currencyDisplay: 'narrowSymbol', minimumFractionDigits: 2, maximumFractionDigits: 2 });
      return v => (v == null || Number.isNaN(v) ? '' : (Number.isInteger(v) || Math.abs(v) >= 100 ? whole : cents).format(v));
    }
    case 'percent': {
      const f = new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 1 });
      return v => (v == null || Number.isNaN(v) ? '' : f.format(v));
    }
    default: {
      const f = new Intl.NumberFormat(lang, { maximumFractionDigits: 2 });
      const compact = new Intl.NumberFormat(lang, { notation: 'compact', maximumFractionDigits: 1 });
      return v => (v == null || Number.isNaN(v) ? '' : (Math.abs(v) >= 10000 ? compact : f).format(v));
    }
  }
}

// Values a series does not have become null, which ApexCharts leaves out (a break in a line, no bar).
function gapped(series) {
  if (!series.gaps || series.gaps.length === 0) {
    return series.data;
  }
  const missing = new Set(series.gaps);
  return series.data.map((v, i) => (missing.has(i) ? null : v));
}

function options(spec) {
  const dark = !!spec.dark;
  const fore = cssVar('--mud-palette-text-secondary', dark ? 'rgba(255,255,255,0.6)' : 'rgba(0,0,0,0.6)');
  const grid = cssVar('--mud-palette-lines-default', dark ? 'rgba(255,255,255,0.12)' : 'rgba(0,0,0,0.12)');
  const surface = cssVar('--mud-palette-surface', dark ? '#1e1e2d' : '#ffffff');
  const format = formatter(spec.yFormat, spec.locale);
  const donut = spec.type === 'donut';
  const many = spec.series.length > 1;

  const config = {
    chart: {
      type: spec.type === 'barh' ? 'bar' : spec.type,
      height: spec.height,
      background: 'transparent',
      foreColor: fore,
      fontFamily: 'inherit',
      toolbar: { show: false },
      zoom: { enabled: false },
      animations: { enabled: true, speed: 350 },
      parentHeightOffset: 0,
    },
    theme: { mode: dark ? 'dark' : 'light' },
    colors: palette,
    dataLabels: { enabled: false },
    legend: { show: donut || many, position: donut ? 'right' : 'top', horizontalAlign: 'right', fontSize: '13px', markers: { size: 6, strokeWidth: 0 } },
    tooltip: { theme: dark ? 'dark' : 'light', y: { formatter: format } },
    states: { hover: { filter: { type: 'lighten' } } },
    noData: { text: spec.noDataText || '' },
  };

  if (donut) {
    const first = spec.series[0] || { data: [] };
    config.series = first.data;
    config.labels = spec.categories;
    config.stroke = { width: 2, colors: [surface] };
    config.plotOptions = {
      pie: {
        donut: {
          size: '70%',
          labels: {
            show: true,
            value: { formatter: v => format(Number(v)), color: cssVar('--mud-palette-text-primary', fore) },
            total: { show: true, label: first.name, color: fore, formatter: w => format(w.globals.seriesTotals.reduce((a, b) => a + b, 0)) },
          },
        },
      },
    };
    config.responsive = [{ breakpoint: 600, options: { legend: { position: 'bottom' } } }];
    return config;
  }

  if (spec.type === 'heatmap') {
    // A grid of counts: rows read top-down in the order given (ApexCharts draws its first series at the bottom),
    // one shade deepening with the count, empty cells left blank.
    config.series = spec.series.map(s => ({ name: s.name, data: s.data.map((v, i) => ({ x: spec.categories[i] ?? String(i), y: v })) })).reverse();
    config.colors = [palette[0]];
    config.legend = { show: false };
    config.stroke = { width: 1, colors: [surface] };
    config.dataLabels = { enabled: true, style: { fontSize: '11px' }, formatter: v => (v ? format(v) : '') };
    config.plotOptions = {
      heatmap: {
        radius: 2,
        enableShades: true,
        shadeIntensity: 0.7,
        colorScale: { ranges: [{ from: 0, to: 0, color: dark ? '#2a2a3a' : '#f3f4f8', foreColor: fore }] },
      },
    };
    config.xaxis = { type: 'category', axisBorder: { show: false }, axisTicks: { show: false }, labels: { rotate: -45, rotateAlways: false, trim: false }, tooltip: { enabled: false } };
    config.yaxis = { labels: { maxWidth: 180 } };
    config.tooltip = { ...config.tooltip, y: { formatter: format } };
    return config;
  }

  if (spec.type === 'xy') {
    // Curves such as ROC or calibration: points at their own x, both axes over [0, 1], references dashed.
    config.chart.type = 'line';
    config.series = spec.series.map(s => ({ name: s.name, data: s.data.map((y, i) => [s.x ? s.x[i] : i, y]) }));
    config.xaxis = { type: 'numeric', min: 0, max: 1, tickAmount: 5, labels: { formatter: format }, tooltip: { enabled: false } };
    config.yaxis = { min: 0, max: 1, tickAmount: 5, labels: { formatter: format } };
    config.stroke = { curve: 'straight', width: spec.series.map(s => (s.dashed ? 1.5 : 2.5)), dashArray: spec.series.map(s => (s.dashed ? 5 : 0)) };
    config.grid = { borderColor: grid, strokeDashArray: 4, padding: { left: 8, right: 16 } };
    config.markers = { size: 0, hover: { size: 4 } };
    config.tooltip = { ...config.tooltip, x: { formatter: format }, shared: false, intersect: false };
    return config;
  }

  config.series = spec.series.map(s => ({ name: s.name, data: gapped(s) }));
  config.xaxis = {
    categories: spec.categories,
    axisBorder: { show: false },
    axisTicks: { show: false },
    labels: { hideOverlappingLabels: true, rotate: -45, rotateAlways: false, trim: false },
    tooltip: { enabled: false },
  };
  // Past a month of days the labels collide; a dozen evenly spaced ticks read better than a rotated wall.
  if (spec.categories.length > 31 && spec.type !== 'bar') {
    config.xaxis.tickAmount = 12;
    config.xaxis.labels.rotate = 0;
  }
  config.yaxis = { labels: { formatter: format }, forceNiceScale: true };
  config.grid = { borderColor: grid, strokeDashArray: 4, padding: { left: 8, right: 8 } };
  config.markers = { size: 0, hover: { size: 5 } };
  if (spec.type === 'barh') {
    // Horizontal bars: categories (often long tag names) read down the side, values along the bottom.
    config.plotOptions = { bar: { horizontal: true, borderRadius: 3, borderRadiusApplication: 'end', barHeight: '62%' } };
    config.xaxis.labels = { formatter: format };
    config.yaxis = { labels: { maxWidth: 180 } };
    config.tooltip = { ...config.tooltip, y: { formatter: format } };
    config.dataLabels = { enabled: false };
    return config;
  }
  if (spec.type === 'bar' && spec.stacked) {
    // Stacked bars: one column per category, its parts on top of each other and negative parts below the axis.
    config.chart.stacked = true;
    config.plotOptions = { bar: { borderRadius: 2, columnWidth: spec.categories.length > 20 ? '80%' : '55%' } };
    config.stroke = { show: false };
    config.tooltip = { ...config.tooltip, shared: true, intersect: false };
    return config;
  }
  if (spec.type === 'bar') {
    config.plotOptions = { bar: { borderRadius: 4, borderRadiusApplication: 'end', columnWidth: many ? '60%' : '45%' } };
    // Thin gaps between bars only while there are few of them; with many, a gap would swallow the bar.
    config.stroke = { show: !many && spec.categories.length <= 31, width: 2, colors: ['transparent'] };
  } else {
    config.stroke = { curve: 'smooth', width: 2.5 };
  }
  if (spec.type === 'area') {
    config.fill = { type: 'gradient', gradient: { shadeIntensity: 1, opacityFrom: dark ? 0.4 : 0.35, opacityTo: 0.02, stops: [0, 95, 100] } };
  }
  return config;
}

/** Draws a chart into the element. */
export async function create(element, spec) {
  const ApexCharts = await loadLibrary();
  destroy(element);
  const chart = new ApexCharts(element, options(spec));
  charts.set(element, { chart, type: spec.type });
  await chart.render();
}

/** Redraws with new data or theme; a change of chart type needs a fresh chart. */
export async function update(element, spec) {
  const entry = charts.get(element);
  if (!entry || entry.type !== spec.type) {
    await create(element, spec);
    return;
  }
  await entry.chart.updateOptions(options(spec), true, true);
}

export function destroy(element) {
  const entry = element && charts.get(element);
  if (entry) {
    entry.chart.destroy();
    charts.delete(element);
  }
}
