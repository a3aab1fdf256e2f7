// A record's before and after as rows a person reads: one row per field, the changed ones marked.
import { fieldLabel, roleLabel } from './auditLabels.js'

// A value as text: lists joined by 、, yes/no for flags, units and roles by name.
export function formatValue(key, value, unitName = (id) => id) {
  if (value === null || value === undefined || value === '') return '—'
  if (key === 'roles' && Array.isArray(value)) return value.map((r) => roleLabel(r?.name || r)).join('、') || '—'
  if ((key === 'unit_id' || key === 'parent_id') && typeof value === 'number') return unitName(value)
  if (typeof value === 'boolean') return value ? '是' : '否'
  if (Array.isArray(value)) return value.map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v))).join('、') || '—'
  if (typeof value === 'object') return JSON.stringify(value)
  return String(value)
}

// Rows { key, label, before, after, changed } for two JSON values (objects, or null on one side).
export function diffRows(before, after, unitName) {
  const asObject = (v) => (v && typeof v === 'object' && !Array.isArray(v) ? v : v == null ? {} : { value: v })
  const b = asObject(before)
  const a = asObject(after)
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])]
  // What changed first, then the rest as it was.
  return keys.map((key) => {
    const bv = formatValue(key, b[key], unitName)
    const av = formatValue(key, a[key], unitName)
    return { key, label: key === 'value' ? '内容' : fieldLabel(key), before: before == null ? '—' : bv, after: after == null ? '—' : av, changed: bv !== av }
  }).sort((x, y) => Number(y.changed) - Number(x.changed))
}
