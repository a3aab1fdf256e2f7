// 司机排班: the API's duties as the pages draw them — GTFS times in minutes (past 24:00 kept),
// the breaks between pieces, durations as a planner reads them, and the query the page sends.
import { gtfsMinutes } from './blocks.js'

export function shapeDuties(duties) {
  return duties.map((d) => {
    const pieces = d.pieces.map((p) => ({
      ...p, from: gtfsMinutes(p.start), to: gtfsMinutes(p.end),
      trips: p.trips.map((t) => ({ ...t, dep: gtfsMinutes(t.start), arr: gtfsMinutes(t.end) })),
    }))
    const breaks = pieces.slice(1).map((p, i) => ({ from: pieces[i].to, to: p.from, at: pieces[i].to_stop }))
    return {
      id: d.duty_id, on: gtfsMinutes(d.sign_on), off: gtfsMinutes(d.sign_off),
      spread: d.spread_min, driving: d.driving_min, paid: d.paid_min, split: !!d.split,
      pieces, breaks, blocks: [...new Set(pieces.map((p) => p.block_id))],
    }
  })
}

const pad = (n) => String(n).padStart(2, '0')
// 495 → "8:15" (the table's hours and minutes).
export const hm = (min) => `${Math.floor(Math.round(min) / 60)}:${pad(Math.round(min) % 60)}`
// 495 → "8小时15分"; 45 → "45分钟".
export function span(min) {
  const m = Math.round(min)
  if (m < 60) return `${m}分钟`
  return `${Math.floor(m / 60)}小时${m % 60 ? `${m % 60}分` : ''}`
}

export const methodNames = { enumeration: '全枚举', column_generation: '列生成' }
export const objectiveNames = { duties: '司机班最少', paid: '工时最少' }

// The rules' defaults: 《道路交通安全法实施条例》 连续驾驶不超过 4 小时、休息不少于 20 分钟; a
// day's driving 9 h, spread 12 h (the bus-driver scheduling benchmarks' limits).
export const defaultRules = () => ({
  max_continuous_driving: 240, min_break: 20, max_driving: 540, max_spread: 720,
  max_pieces: 3, allow_split: true, objective: 'duties',
})

// The query of GET …/scheduling/duties (and its .xlsx and /ods.zip) for the form's values.
export function dutyQuery({ date, routes, minLayover, maxDeadhead, rules }) {
  return [
    `date=${date}`,
    `routes=${routes.map(encodeURIComponent).join(',')}`,
    `min_layover=${minLayover}`, `max_deadhead=${maxDeadhead}`,
    `max_continuous_driving=${rules.max_continuous_driving}`, `min_break=${rules.min_break}`,
    `max_driving=${rules.max_driving}`, `max_spread=${rules.max_spread}`, `max_pieces=${rules.max_pieces}`,
    `allow_split=${rules.allow_split ? 1 : 0}`, `objective=${rules.objective}`,
  ].join('&')
}
