// 报警与调度建议 in a real browser: a terminal reports a bus on a Cairns trip at 95 km/h; within a
// dispatch round (10 s) the dispatcher's alarms panel shows the 超速 alarm, pushed over the
// dispatch WebSocket; the dispatcher acknowledges and closes it. Both panels at 1440×900 and on
// a phone (390×844); a planner sees the alarms without the buttons.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { withServerAndBrowser, outDir, root, loginPage } from './harness.mjs'

const ctx = withServerAndBrowser({ serverArgs: ['--transit-clock-start', '1402012800'] })
const password = 'Zhengtong@2024'

async function token(username) {
  const r = await fetch(`${ctx.server.base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password, token_type: 'bearer' }),
  })
  return (await r.json()).token
}

async function call(method, path, tok, body, type = 'application/json') {
  const r = await fetch(`${ctx.server.base}${path}`, {
    method,
    headers: { 'Content-Type': type, Authorization: `Bearer ${tok}` },
    body,
  })
  assert.ok(r.status < 300, `${method} ${path}: ${r.status} ${await r.clone().text()}`)
  return r.json()
}

test('a dispatcher gets an over-speed alarm live, acknowledges and closes it', async () => {
  const planner = await token('jt_gh')
  await call('POST', '/api/v1/transit/feeds?name=cairns-2014.zip', planner,
    readFileSync(join(root, 'data', 'gtfs', 'cairns-2014.zip')), 'application/zip')
  const dispatcher = await token('gj_dd')
  // A trip coming to a stop in central Cairns: its bus reports there, far too fast.
  const { stops } = await call('GET', '/api/v1/transit/stops/search?q=abbott&limit=20', dispatcher)
  let fix = null
  for (const s of stops) {
    const board = await call('GET', `/api/v1/transit/stops/${encodeURIComponent(s.stop_id)}/arrivals`, dispatcher)
    const coming = board.arrivals.find((a) => !a.departed && a.stops_away >= 2 && a.minutes >= 1)
    if (coming) {
      fix = { vehicle: '琼A-0990', trip: coming.trip_id, lat: s.lat, lon: s.lon, time: board.generated_at, speed: 95 }
      break
    }
  }
  assert.ok(fix, 'a stop with a bus coming')

  const page = await ctx.browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' })
  await loginPage(ctx, page, 'gj_dd')
  await page.goto(`${ctx.server.base}/transit/alarms`)
  await page.locator('[data-test=alarms-panel] .empty', { hasText: '暂无报警' }).waitFor()
  await page.locator('[data-test=advice-panel]').waitFor()
  await call('POST', '/api/v1/transit/avl', dispatcher, JSON.stringify([fix]))
  // Pushed, not polled: the panel was loaded before the alarm existed.
  const alarm = page.locator('[data-test=alarms-panel] .alarm', { hasText: '超速' })
  await alarm.waitFor({ timeout: 30000 })
  assert.match(await alarm.innerText(), /琼A-0990[\s\S]*车速 95 km\/h，超过 60 km\/h/)
  assert.match(await alarm.innerText(), /未确认/)
  await page.screenshot({ path: join(outDir, 'dispatch-alarms.png'), fullPage: true })
  await alarm.getByRole('button', { name: '确认' }).click()
  await page.locator('[data-test=alarms-panel] .alarm', { hasText: '已确认' }).waitFor()
  assert.match(await alarm.innerText(), /gj_dd 确认/)

  // The planner reads the same alarm, without buttons.
  const other = await ctx.browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', isMobile: true })
  await loginPage(ctx, other, 'jt_gh')
  await other.goto(`${ctx.server.base}/transit/alarms`)
  const seen = other.locator('[data-test=alarms-panel] .alarm', { hasText: '超速' })
  await seen.waitFor()
  assert.equal(await seen.getByRole('button').count(), 0)
  const width = await other.evaluate(() => document.documentElement.scrollWidth)
  assert.ok(width <= 390, `fits the phone: ${width}`)
  await other.screenshot({ path: join(outDir, 'dispatch-alarms-phone.png'), fullPage: true })
  await other.close()

  await alarm.getByRole('button', { name: '关闭' }).click()
  await alarm.waitFor({ state: 'detached' })
  const all = await call('GET', '/api/v1/transit/dispatch/alarms?state=all', dispatcher)
  const closed = all.alarms.find((a) => a.kind === 'over_speed')
  assert.equal(closed.state, 'closed')
  assert.equal(closed.closed_by, 'gj_dd')
  await page.close()
})
