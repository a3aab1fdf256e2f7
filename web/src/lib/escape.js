// Text from the server (unit names, vehicle ids from AVL and third-party GTFS-RT feeds) must never
// become markup. Where an API takes a DOM node, build one with `el`; where it insists on an HTML
// string (an ECharts formatter), pass every value through `escapeHtml`.

const entities = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

// `value` as text safe inside element content and quoted attribute values; null/undefined → ''.
export function escapeHtml(value) {
  return String(value ?? '').replace(/[&<>"']/g, (c) => entities[c])
}

// A tagged template for HTML strings: the literal parts are trusted markup, every interpolated
// value is escaped.  html`<b>${name}</b>` is safe whatever `name` holds.
export function html(strings, ...values) {
  return strings.reduce((out, s, i) => out + escapeHtml(values[i - 1]) + s)
}

// An element with text children only: `el('b', {}, name)`. Children are strings (set as text,
// never parsed), nodes, or null/false (skipped).
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag)
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v)
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue
    node.append(c instanceof Node ? c : String(c))
  }
  return node
}
