// Unit pickers over the loaded list of units (the admin pages). Lists the server pages search
// on the server with the same rule (supervision/unit_search.cpp).
// Unit search as the office types it: the full name, any alias (发改委 → 市发展改革委 →
// 三门峡市发展和改革委员会), or a part of either.
export function unitMatches(unit, query) {
  const q = (query || '').trim()
  if (!q) return true
  const names = [unit.name, ...(unit.aliases || [])]
  // "发改委" is how people say 市发展改革委: compare with the 市/县/区 prefixes dropped too.
  const bare = (s) => s.replace(/^(三门峡市|三门峡|市|县|区)/, '')
  return names.some((n) => n.includes(q) || bare(n).includes(bare(q)) || abbreviates(q, bare(n)))
}

// Whether the characters of `q` appear in `name` in order (发改委 in 发展改革委): how Chinese
// short names are formed.
function abbreviates(q, name) {
  let i = 0
  for (const ch of name) if (ch === q[i]) i++
  return q.length > 1 && i === q.length
}
