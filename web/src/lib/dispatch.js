import { reactive } from 'vue'

// What the dispatcher's console pages share: how a bus is coloured (by headway on frequent
// lines, by timetable on the others), route and bus names as dispatchers say them, times in the
// network's own time zone.

export const scheduleLegend = [
  { code: 'on_time', fill: '#52c41a', text: '准点（±2 分钟）' },
  { code: 'late', fill: '#faad14', text: '晚点 2–5 分钟' },
  { code: 'very_late', fill: '#f5222d', text: '晚点 5 分钟以上' },
  { code: 'early', fill: '#1677ff', text: '早点 2 分钟以上' },
]
export const headwayLegend = [
  { code: 'normal', fill: '#52c41a', text: '间隔正常' },
  { code: 'bunched', fill: '#f5222d', text: '串车（间隔 ≤ 计划 50%）' },
  { code: 'gapped', fill: '#fa8c16', text: '大间隔（间隔 ≥ 计划 150%）' },
  { code: 'unknown', fill: '#8c8c8c', text: '首车 / 间隔未知' },
]
export const unmatched = { fill: '#bfbfbf', text: '未匹配班次' }

// The colour of a bus: `mode` 'headway' or 'schedule'. A bus without a trip is grey.
export function busStyle(v, mode) {
  if (!v.schedule_state) return unmatched
  if (mode === 'headway' && v.headway_state !== 'unknown') {
    return headwayLegend.find((x) => x.code === v.headway_state) || headwayLegend[3]
  }
  return scheduleLegend.find((x) => x.code === v.schedule_state) || scheduleLegend[0]
}

// "110" reads as 110路; names that are words stay as they are.
export function routeName(r) {
  const name = r?.short_name || r?.long_name || ''
  return /^[0-9]+[A-Za-z]?$/.test(name) ? `${name}路` : name || '线路'
}

export function routeColor(r, i = 0) {
  const palette = ['#1677ff', '#c0272d', '#389e0d', '#d46b08', '#722ed1', '#08979c']
  return /^[0-9A-Fa-f]{6}$/.test(r?.color || '') ? `#${r.color}` : palette[i % palette.length]
}

// A bus as dispatchers name it: its label (plate or fleet number); one without a label is
// 未登记车辆, never its internal id (SIM-…, a terminal's number).
export const busName = (v) => v?.label || '未登记车辆'
// The ladder's short tag: the end of the plate ("粤B·12345" → "·12345"), or 车 without one.
export function busTag(v) {
  const name = v?.label || ''
  return !name ? '车' : name.length > 6 ? name.slice(-6) : name
}

// The names of the buses the console has seen, for the alarms and advice that carry only a
// vehicle id; the console fills it from each pushed fleet.
const names = reactive(new Map())
export function rememberNames(vehicles) {
  for (const v of vehicles) if (v.label) names.set(v.vehicle_id, v.label)
}
export const vehicleLabel = (id) => names.get(id) || ''

export function delayText(s) {
  if (s === null || s === undefined) return '—'
  const min = Math.round(Math.abs(s) / 60)
  if (s > 120) return `晚点 ${min} 分钟`
  if (s < -120) return `早点 ${min} 分钟`
  return '准点'
}

// Seconds as 分 and 秒: "4分30秒", "45秒", "—".
export function minutesText(s) {
  if (s === null || s === undefined) return '—'
  const neg = s < 0
  const a = Math.abs(Math.round(s))
  const text = a >= 60 ? `${Math.floor(a / 60)}分${a % 60 ? `${a % 60}秒` : ''}` : `${a}秒`
  return neg ? `-${text}` : text
}

// "HH:MM" of unix seconds in the network's time zone.
export function clockText(unix, timeZone) {
  if (!unix) return '—'
  const opts = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }
  try {
    return new Intl.DateTimeFormat('zh-CN', { ...opts, timeZone: timeZone || 'Asia/Shanghai' }).format(new Date(unix * 1000))
  } catch {
    return new Intl.DateTimeFormat('zh-CN', opts).format(new Date(unix * 1000))
  }
}

export const directionName = (d) => (d === 0 ? '上行' : d === 1 ? '下行' : `方向 ${d + 1}`)
