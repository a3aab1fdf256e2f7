// Classes for the flow maps: five colours from light to dark, cut at quantiles of the values
// (a city's stops are a few busy ones and many quiet ones: cuts by share of the maximum would
// put nearly every stop in the first class). The cuts thin out towards the top, so the darkest
// colour is the busiest few (the top 3 %), not a fifth of the city.
export const heatColours = ['#ffe58f', '#ffc53d', '#fa8c16', '#f5222d', '#a8071a']
export const loadColours = ['#73d13d', '#bae637', '#fadb14', '#fa8c16', '#f5222d']

// Upper bounds of the first four classes (the fifth is open): quantiles 50, 75, 90 and 97 %,
// rounded, distinct and increasing.
export function breaks(values) {
  const v = values.filter((x) => x > 0).sort((a, b) => a - b)
  if (!v.length) return []
  const out = []
  for (const q of [0.5, 0.75, 0.9, 0.97]) {
    const b = Math.max(1, Math.round(v[Math.min(v.length - 1, Math.floor(q * v.length))]))
    if (!out.length || b > out[out.length - 1]) out.push(b)
  }
  return out
}

export function classOf(value, cuts) {
  const i = cuts.findIndex((b) => value <= b)
  return i < 0 ? cuts.length : i
}

// Legend rows: "≤ 12", "13–40", …, "> 300" with the class colour.
export function legendRows(cuts, colours) {
  const rows = []
  for (let i = 0; i <= cuts.length; i++) {
    const lo = i === 0 ? null : cuts[i - 1] + 1
    const hi = cuts[i]
    const text = lo === null ? `≤ ${fmt(hi ?? 0)}` : hi === undefined ? `> ${fmt(lo - 1)}` : lo === hi ? fmt(lo) : `${fmt(lo)}–${fmt(hi)}`
    rows.push({ colour: colours[i] || colours[colours.length - 1], text })
  }
  return rows
}

export const fmt = (v) => Math.round(v).toLocaleString('zh-CN')
