import L from 'leaflet'

// What the maps share. Tiles come only from the deployment's own tile server ([map] tile_url,
// GET /api/v1/transit/map-config): intranets and the CI have no internet, and the network drawn
// as lines is a usable map without them.
export function addTiles(map, t) {
  if (!map || !t?.tile_url) return
  const opts = { maxZoom: t.max_zoom || 18, subdomains: t.subdomains || 'abc', attribution: t.attribution || '' }
  L.tileLayer(t.tile_url, opts).addTo(map)
  if (t.label_url) L.tileLayer(t.label_url, { ...opts, attribution: '' }).addTo(map)
  if (t.attribution) L.control.attribution({ prefix: false }).addAttribution(t.attribution).addTo(map)
}

// The whole network in pale grey under a map's own layers, drawn on one canvas (a city's
// hundreds of shapes as SVG would slow every pan), not clickable.
export function addNetworkBase(map, network, pane) {
  if (!map || !network?.routes?.length) return null
  const renderer = L.canvas({ pane, padding: 0.3 })
  const layer = L.layerGroup()
  for (const r of network.routes)
    for (const line of r.shapes)
      L.polyline(line, { renderer, pane, color: '#9aa5b1', weight: 1.5, opacity: 0.55, interactive: false }).addTo(layer)
  return layer.addTo(map)
}
