// 运行图 of a timetable proposal (POST …/scheduling/timetable), drawn as a 列车运行图 is: time
// across, the route's stops down the side as station lines at their true distance (km from the
// first stop), each trip a line through every stop at departure + share × running time, coloured
// by its period. Without the route's stops (no feed for it) each trip runs straight from 0 to
// route_km, as before.
import { clock } from './blocks.js'
import { html } from './escape.js'

const warm = ['#d4380d', '#fa8c16', '#c41d7f']                        // the peaks
const cool = ['#1677ff', '#13a8a8', '#389e0d', '#722ed1', '#597ef7', '#08979c']
// A colour per period, in the answer's order; peaks (…高峰) warm, the rest cool.
export function periodColours(periods) {
  let w = 0
  let c = 0
  return Object.fromEntries(periods.map((p) => [p.name, /高峰/.test(p.name) ? warm[w++ % warm.length] : cool[c++ % cool.length]]))
}

// The stops the lines run through: the answer's, or the two ends of route_km.
export function graphStops(p) {
  if (p.stops?.length >= 2) return { stops: p.stops, real: true }
  return { stops: [{ name: '起点', km: 0, share: 0 }, { name: '终点', km: p.route_km, share: 1 }], real: false }
}

// A label's width in px, roughly: CJK characters an em, others about 0.62 em.
const textWidth = (text, fontSize) => [...String(text)].reduce((w, c) => w + (c.codePointAt(0) >= 0x2e80 ? 1 : 0.62) * fontSize, 0)

// Sizes for the chart at a width: taller with more stops, smaller labels on a phone, the left
// margin as wide as the longest stop name up to a cap (longer ones are cut with …).
export function graphLayout(p, narrow) {
  const { stops, real } = graphStops(p)
  const [per, lo, hi] = narrow ? [9, 360, 600] : [13, 380, 720]
  const height = Math.max(lo, Math.min(hi, stops.length * per + 110))
  const fontSize = narrow ? 9 : 11
  const widest = Math.max(...stops.map((s) => textWidth(s.name, fontSize))) + 4
  const labelWidth = Math.ceil(Math.min(narrow ? 64 : 180, widest))
  return {
    height,
    fontSize,
    labelWidth,
    grid: { left: real ? labelWidth + 10 : 44, right: narrow ? 12 : 28, top: 36, bottom: 64 },
  }
}

// The stops that get a label: all when they fit, else greedily top to bottom keeping a label's
// height between two, always the first and the last.
export function labelledStops(stops, pxPerKm, minGap) {
  const last = stops.at(-1)
  const out = [stops[0]]
  for (const s of stops.slice(1, -1)) {
    if ((s.km - out.at(-1).km) * pxPerKm >= minGap && (last.km - s.km) * pxPerKm >= minGap) out.push(s)
  }
  if (stops.length > 1) out.push(last)
  return out
}

// The windows a planner looks at: the whole day, then each period (its hours), in minutes.
export function graphWindows(p) {
  const lo = Math.floor(p.trips[0].departure_s / 3600) * 60
  const hi = Math.ceil(Math.max(...p.trips.map((t) => t.arrival_s)) / 3600) * 60
  return [{ key: 'all', label: '全日', from: lo, to: hi },
    ...p.periods.map((q, i) => ({ key: `p${i}`, label: q.name, from: Math.max(lo, q.from * 60), to: Math.min(hi, q.to * 60 + 60) }))
      .filter((w) => w.from < w.to)]
}

// The window a phone opens on: the period with the most departures an hour.
export function busiestWindow(p) {
  const ws = graphWindows(p)
  let best = 'all'
  let f = -1
  p.periods.forEach((q, i) => {
    if (q.frequency > f && ws.some((w) => w.key === `p${i}`)) { f = q.frequency; best = `p${i}` }
  })
  return best
}

const ms = (seconds) => seconds * 1000
const minutes = (value) => value / 60000

// The ECharts option. `view` is a window from graphWindows (minutes); `narrow` a phone.
export function runGraphOption(p, { narrow = false, view = null } = {}) {
  const { stops, real } = graphStops(p)
  const lay = graphLayout(p, narrow)
  const colours = periodColours(p.periods)
  const windows = graphWindows(p)
  const all = windows[0]
  const shown = view ?? all
  const L = stops.at(-1).km || 1
  const gridPx = lay.height - lay.grid.top - lay.grid.bottom
  const labelled = labelledStops(stops, gridPx / L, lay.fontSize + 3)
  const nameAt = new Map(stops.map((s) => [s.km, s.name]).reverse())  // the first of a km
  const ends = new Set([stops[0].km, stops.at(-1).km])

  // One series per trip, named by its period (the legend groups them); a point at every stop
  // (an invisible symbol the tooltip finds), the hovered trip drawn thicker.
  const series = p.trips.map((t, ti) => ({
    type: 'line',
    name: t.period,
    color: colours[t.period] ?? '#909399',
    data: stops.map((s, si) => ({ value: [ms(t.departure_s + s.share * (t.arrival_s - t.departure_s)), s.km], t: ti, s: si })),
    showSymbol: true,
    symbol: 'circle',
    symbolSize: narrow ? 10 : 8,
    itemStyle: { opacity: 0 },
    lineStyle: { width: narrow ? 1 : 1.2 },
    emphasis: { lineStyle: { width: 2.6 }, itemStyle: { opacity: 1 }, scale: 1.4 },
    animation: false,
  }))

  // A stop's time to the minute down, as the answer's departure and arrival are.
  const tip = (x) => {
    const t = p.trips[x.data.t]
    const s = stops[x.data.s]
    return html`<b>第 ${t.seq} 班</b>（${t.period}）<br>发车 ${t.departure}　到达 ${t.arrival}<br>${s.name} ${clock(Math.floor(minutes(x.data.value[0])))}` +
      html`<span style="color:#909399">（${s.km.toFixed(1)} 公里）</span>`
  }

  const stationAxis = {
    type: 'value', inverse: true, min: 0, max: L,
    axisLine: { show: false },
    // Ticks at the stops carry the station lines; labels at the labelled ones.
    axisTick: { show: false, customValues: stops.map((s) => s.km) },
    splitLine: { show: true, lineStyle: { color: '#d9dce1', width: 1 } },
    axisLabel: {
      customValues: labelled.map((s) => s.km),
      formatter: (v) => (ends.has(v) ? `{end|${nameAt.get(v) ?? ''}}` : nameAt.get(v) ?? ''),
      fontSize: lay.fontSize, color: '#606266', width: lay.labelWidth, overflow: 'truncate', ellipsis: '…',
      rich: { end: { fontSize: lay.fontSize, fontWeight: 'bold', color: '#303133' } },
    },
  }
  const kmAxis = { type: 'value', inverse: true, name: '公里', nameLocation: 'start', min: 0, max: L, axisLabel: { fontSize: lay.fontSize } }

  return {
    animation: false,
    useUTC: true,  // the x values are seconds after midnight as milliseconds of 1970-01-01 UTC
    legend: {
      type: narrow ? 'scroll' : 'plain', top: 0, left: narrow ? 0 : 'center', icon: 'rect', itemWidth: 18, itemHeight: 3,
      textStyle: { fontSize: narrow ? 11 : 12 },
      itemStyle: { opacity: 1 },  // the series' own symbols are invisible
      data: p.periods.map((q) => q.name).filter((n) => p.trips.some((t) => t.period === n)),
    },
    tooltip: { trigger: 'item', confine: true, className: 'tt-graph-tip', formatter: tip },
    grid: lay.grid,
    xAxis: {
      type: 'time', min: ms(all.from * 60), max: ms(all.to * 60), splitNumber: narrow ? 4 : 10,
      axisLine: { onZero: false, lineStyle: { color: '#909399' } },  // at the bottom, not at 0 km (the top)
      axisLabel: { formatter: (v) => clock(minutes(v)), fontSize: lay.fontSize, hideOverlap: true },
      splitLine: { show: true, lineStyle: { color: '#f0f2f5' } },
    },
    yAxis: real ? stationAxis : kmAxis,
    dataZoom: [
      { type: 'slider', xAxisIndex: 0, startValue: ms(shown.from * 60), endValue: ms(shown.to * 60), height: 18, bottom: 8, filterMode: 'none', labelFormatter: (v) => clock(minutes(v)) },
      // Ctrl + wheel zooms, dragging pans (not on a phone, where a drag scrolls the page).
      ...(narrow ? [] : [{ type: 'inside', xAxisIndex: 0, filterMode: 'none', zoomOnMouseWheel: 'ctrl', moveOnMouseWheel: false }]),
    ],
    series: [
      ...series,
      // The terminals' lines drawn darker, as on a 列车运行图.
      ...(real ? [{ type: 'line', data: [], silent: true, markLine: { silent: true, symbol: 'none', label: { show: false }, lineStyle: { color: '#909399', type: 'solid', width: 1 }, data: [{ yAxis: 0 }, { yAxis: L }] } }] : []),
    ],
  }
}
