// Dates, times and distances as Chinese offices write them: `2024-09-20 10:05`, `350 米`,
// `1.2 公里`. Times are Beijing time unless a time zone is given.

// Unix seconds, milliseconds, a Date or an ISO string to a Date; null when it is none of them.
function toDate(value) {
  if (value === null || value === undefined || value === '') return null
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value
  if (typeof value === 'number') return new Date(value < 1e12 ? value * 1000 : value)
  const d = new Date(value)
  return Number.isNaN(d.getTime()) ? null : d
}

function parts(value, timeZone) {
  const d = toDate(value)
  if (!d) return null
  const f = new Intl.DateTimeFormat('en-CA', {
    timeZone, year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  })
  const p = Object.fromEntries(f.formatToParts(d).map((x) => [x.type, x.value]))
  return p
}

// `2024-09-20 10:05`; '—' for nothing.
export function formatDateTime(value, timeZone = 'Asia/Shanghai') {
  const p = parts(value, timeZone)
  return p ? `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}` : '—'
}

// `2024-09-20`; '—' for nothing.
export function formatDate(value, timeZone = 'Asia/Shanghai') {
  const p = parts(value, timeZone)
  return p ? `${p.year}-${p.month}-${p.day}` : '—'
}

// Metres as people say them: `80 米`, `350 米`, `1.2 公里`, `12 公里`.
export function formatDistance(metres) {
  if (metres === null || metres === undefined || Number.isNaN(Number(metres))) return '—'
  const m = Math.max(0, Number(metres))
  if (m < 100) return `${Math.round(m)} 米`
  if (Math.round(m / 10) * 10 < 1000) return `${Math.round(m / 10) * 10} 米`
  if (m < 9950) return `${(m / 1000).toFixed(1).replace(/\.0$/, '')} 公里`
  return `${Math.round(m / 1000)} 公里`
}
