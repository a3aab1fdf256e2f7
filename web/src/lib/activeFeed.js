// The active feed the planner's pages (路牌计划, 司机排班) solve over: its name, its service dates,
// its routes and stops by id, and the day a page opens on.
import { api, serverToday } from '../api.js'
import { defaultServiceDay } from './blocks.js'

export async function loadActiveFeed() {
  const [feeds, net] = await Promise.all([api('GET', '/api/v1/transit/feeds'), api('GET', '/api/v1/transit/network')])
  const active = feeds.feeds.find((f) => f.active)
  const range = [active?.summary?.service_start ?? null, active?.summary?.service_end ?? null]
  return {
    name: active?.name ?? '',
    range,
    day: defaultServiceDay(serverToday(), ...range),
    network: net,
    routes: Object.fromEntries(net.routes.map((r) => [r.route_id, r])),
    stops: Object.fromEntries(net.stops.map((s) => [s.stop_id, { name: s.name, lat: s.lat, lon: s.lon }])),
  }
}
