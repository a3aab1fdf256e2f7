// 车辆排班 (路牌): the day's blocks as the pages draw them — GTFS times in minutes (past 24:00
// kept), the gap between two trips of a block as a layover (停站, same stop) or an empty run
// (空驶, another stop, its straight-line distance), route colours and the default service day.

// "25:10:00" → 1510 minutes after the service day's midnight.
export function gtfsMinutes(t) {
  const [h, m, s] = String(t).split(':').map(Number)
  return h * 60 + m + (s || 0) / 60
}

const pad = (n) => String(n).padStart(2, '0')
// 1510 → "次日01:10"; 610 → "10:10".
export function clock(min) {
  const m = Math.round(min)
  const h = Math.floor(m / 60)
  return `${h >= 24 ? '次日' : ''}${pad(h % 24)}:${pad(m % 60)}`
}

// Metres between two stops on the ground (haversine), or null when one is not known.
export function metresBetween(a, b) {
  if (!a || !b) return null
  const rad = Math.PI / 180
  const dLat = (b.lat - a.lat) * rad
  const dLon = (b.lon - a.lon) * rad
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2
  return 2 * 6371000 * Math.asin(Math.sqrt(h))
}

// Each block with its trips in minutes and the gaps between them.
export function shapeBlocks(blocks, stops) {
  return blocks.map((b) => {
    const trips = b.trips.map((t) => ({ ...t, dep: gtfsMinutes(t.departure), arr: gtfsMinutes(t.arrival) }))
    const gaps = []
    for (let i = 1; i < trips.length; i++) {
      const a = trips[i - 1]
      const z = trips[i]
      const empty = a.to_stop !== z.from_stop
      gaps.push({ from: a.arr, to: z.dep, stop: a.to_stop, next: z.from_stop, empty, metres: empty ? metresBetween(stops[a.to_stop], stops[z.from_stop]) : 0 })
    }
    const routes = [...new Set(trips.map((t) => t.route_id))]
    return { id: b.block_id, trips, gaps, routes, start: trips[0]?.dep ?? 0, end: trips.at(-1)?.arr ?? 0 }
  })
}

// A colour per route (or per 路牌), stable across loads (the demo feed gives nearly every route
// the same red).
const palette = ['#1f6fd1', '#2e9d5b', '#d9822b', '#8e44ad', '#c0392b', '#16a2b8', '#b8860b', '#5b6cd6',
  '#e05d8a', '#3f8f3f', '#a0522d', '#2c7a99', '#c46d00', '#6a5acd', '#008b74', '#b03060']
export function keyColour(key) {
  let h = 0
  for (const c of String(key)) h = (h * 31 + c.charCodeAt(0)) >>> 0
  return palette[h % palette.length]
}
export const routeColour = keyColour

// The day the page opens on: today when the feed runs then, else the latest day of the feed's
// range on the same weekday (a demo in 2024 over a 2019 feed), else the feed's last day.
export function defaultServiceDay(today, start, end) {
  if (!start || !end || (today >= start && today <= end)) return today
  const want = new Date(`${today}T00:00:00Z`).getUTCDay()
  const d = new Date(`${end}T00:00:00Z`)
  for (let i = 0; i < 7; i++) {
    if (d.getUTCDay() === want) break
    d.setUTCDate(d.getUTCDate() - 1)
  }
  const iso = d.toISOString().slice(0, 10)
  return iso >= start ? iso : end
}

// Whether a date picker's day (a Date) lies outside the feed's [start, end] (YYYY-MM-DD; open
// when either is unknown).
export function outsideRange(d, [start, end]) {
  if (!start || !end) return false
  const iso = new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 10)
  return iso < start || iso > end
}
