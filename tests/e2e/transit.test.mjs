// 智能公交 in a real browser, as each role meets it on a first day: the planner finds an empty
// module with an explanation, validates and imports a GTFS feed and sees the overview's figures;
// the dispatcher sees the network and the live buses on a map without any tile server and reads a
// bus's popup; the public reads stop boards on three screen shapes and a phone page at 390×844.
//
// The transit clock runs from Friday 2014-06-06 10:00 in Cairns (00:00 UTC), inside the Cairns
// feed's service dates, so buses are due whatever the real time is.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { withServerAndBrowser, outDir, root } from './harness.mjs'

const ctx = withServerAndBrowser({ serverArgs: ['--transit-clock-start', '1402012800'] })
const feedZip = join(root, 'data', 'gtfs', 'cairns-2014.zip')
const password = 'Zhengtong@2024'

// A page that fails the test on any console error or uncaught exception.
async function openPage(viewport, options = {}) {
  const context = await ctx.browser.newContext({ locale: 'zh-CN', viewport, ...options })
  const page = await context.newPage()
  const errors = []
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()) })
  page.on('pageerror', (e) => errors.push(String(e)))
  page.done = async () => {
    await context.close()
    assert.deepEqual(errors, [], 'console errors')
  }
  return page
}

async function login(page, username) {
  await page.goto(`${ctx.server.base}/login`)
  await page.fill('input[name=username]', username)
  await page.fill('input[name=password]', password)
  await page.click('button.login-button')
  await page.locator('h1.page-title', { hasText: '工作台' }).waitFor()
}

async function getJson(path, init) {
  const r = await fetch(`${ctx.server.base}${path}`, init)
  assert.equal(r.status, 200, `${path}: ${r.status}`)
  return r.json()
}

// A stop in central Cairns with buses coming that are already on their way.
let busy = null
async function busyStop() {
  if (busy) return busy
  const { stops } = await getJson('/api/v1/transit/stops/search?q=abbott&limit=20')
  for (const s of stops) {
    const board = await getJson(`/api/v1/transit/stops/${encodeURIComponent(s.stop_id)}/arrivals`)
    const coming = board.arrivals.find((a) => !a.live && !a.departed && a.stops_away >= 1 && a.minutes >= 2)
    if (board.arrivals.length >= 3 && coming) return (busy = { stop: s, board, coming })
  }
  throw new Error('no stop in Abbott St with buses coming')
}

const iso = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/

test('a planner finds the module empty, imports a GTFS feed and sees the overview', async () => {
  const page = await openPage({ width: 1440, height: 900 })
  await login(page, 'jt_gh')
  await page.click('aside >> text=智能公交')
  await page.click('aside >> text=概览')
  const empty = page.locator('[data-test=transit-empty]')
  await empty.waitFor()
  assert.match(await empty.innerText(), /还没有导入公交数据 — 请由交通规划人员在「线网数据」导入 GTFS/)
  assert.doesNotMatch(await page.locator('main').innerText(), /正在建设中/)
  await page.screenshot({ path: join(outDir, 'transit-overview-empty.png'), fullPage: true })
  await page.click('aside >> text=实时监控')
  await page.locator('[data-test=map-empty]', { hasText: '还没有导入公交数据' }).waitFor()

  await page.click('aside >> text=线网数据')
  await page.locator('[data-test=gtfs-file]').setInputFiles(feedZip)
  await page.click('[data-test=gtfs-validate]')
  const summary = page.locator('[data-test=gtfs-summary]')
  await summary.waitFor()
  assert.match(await summary.innerText(), /37790/)
  await page.click('[data-test=gtfs-import]')
  const row = page.locator('[data-test=feed-table] .el-table__row', { hasText: 'cairns-2014.zip' })
  await row.locator('text=使用中').waitFor()
  // Chinese date-times, not ISO strings.
  assert.match(await row.innerText(), /\d{4}-\d{2}-\d{2} \d{2}:\d{2}/)
  assert.doesNotMatch(await row.innerText(), iso)
  await page.screenshot({ path: join(outDir, 'transit-feeds.png'), fullPage: true })

  await page.click('aside >> text=概览')
  await page.locator('[data-test=transit-feed]').waitFor()
  assert.equal(await page.locator('[data-test=transit-empty]').count(), 0)
  assert.equal(await page.locator('[data-test=feed-routes]').innerText(), '22')
  assert.equal(await page.locator('[data-test=feed-stops]').innerText(), '416')
  assert.equal(await page.locator('[data-test=feed-trips]').innerText(), '1339')
  const coverage = await page.locator('[data-test=fig-coverage]').innerText()
  // Buses are due at 10:00 on a Friday but none is live yet: 0 of many, not "—" and not 100 %.
  assert.match(coverage, /0(\.0)?%/)
  assert.doesNotMatch(await page.locator('main').innerText(), iso)
  await page.screenshot({ path: join(outDir, 'transit-overview.png'), fullPage: true })
  await page.done()
})

test('a dispatcher sees the network and live buses on the map and reads a bus in Chinese', async () => {
  const { stop, board, coming } = await busyStop()
  const login_ = await fetch(`${ctx.server.base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'gj_dd', password, token_type: 'bearer' }),
  })
  const token = (await login_.json()).token
  // The bus of a coming trip at this stop as its terminal reports it, and two that no trip fits.
  const now = board.generated_at
  const fixes = [
    { vehicle: '琼A-0110', trip: coming.trip_id, lat: stop.lat, lon: stop.lon, time: now, speed: 25 },
    { vehicle: '琼A-0201', lat: -16.99, lon: 145.60, time: now, speed: 0 },
    { vehicle: '琼A-0202', lat: -16.70, lon: 145.90, time: now, speed: 0 },
  ]
  await getJson('/api/v1/transit/avl', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify(fixes),
  })

  const page = await openPage({ width: 1440, height: 900 })
  await login(page, 'gj_dd')
  await page.click('aside >> text=智能公交')
  await page.click('aside >> text=概览')
  await page.locator('[data-test=fig-vehicles] .value', { hasText: '3' }).waitFor()
  assert.match(await page.locator('[data-test=fig-matched]').innerText(), /33\.3%/)

  await page.click('aside >> text=实时监控')
  await page.locator('[data-test=vehicle-count]', { hasText: '在线车辆 3 辆' }).waitFor()
  // The base layer is drawn from the feed: no tiles are fetched, the routes and stops are there.
  await page.locator('[data-test=map] path.zt-route').first().waitFor()
  assert.ok(await page.locator('[data-test=map] path.zt-route').count() >= 22)
  assert.ok(await page.locator('[data-test=map] path.zt-stop').count() >= 400)
  assert.equal(await page.locator('[data-test=map] path.zt-vehicle').count(), 3)
  assert.equal(await page.locator('[data-test=map] .leaflet-tile').count(), 0)
  const legend = await page.locator('[data-test=map-legend]').innerText()
  for (const word of ['准点', '晚点', '早点', '未匹配']) assert.match(legend, new RegExp(word))
  assert.match(legend, /2 分钟/)
  await page.waitForTimeout(500) // the fit to the network's bounds
  await page.screenshot({ path: join(outDir, 'transit-map-network.png') })

  await page.fill('[data-test=vehicle-search]', '0110')
  await page.locator('[data-test=vehicle-item]').first().waitFor()
  assert.equal(await page.locator('[data-test=vehicle-item]').count(), 1)
  await page.click('[data-test=vehicle-item]')
  const popup = page.locator('[data-test=vehicle-popup]')
  await popup.waitFor()
  await page.waitForTimeout(500) // the zoom onto the bus
  const text = await popup.innerText()
  assert.match(text, /琼A-0110/)
  assert.match(text, new RegExp(`线路\\s*${coming.route}路`))
  assert.match(text, new RegExp(`终点站\\s*开往 ${coming.headsign}`))
  assert.match(text, /下一站/)
  assert.match(text, /准点|晚点 \d+ 分钟|早点 \d+ 分钟/)
  assert.match(text, /速度\s*25 km\/h/)
  assert.match(text, /更新时间\s*2014-06-06 08:00/) // Beijing time of 10:00 in Cairns
  assert.ok(!text.includes(coming.trip_id), 'no trip ids in the popup')
  assert.doesNotMatch(text, iso)
  await page.screenshot({ path: join(outDir, 'transit-map.png') })

  // A route search finds the buses on it.
  await page.fill('[data-test=vehicle-search]', `${coming.route}路`)
  await page.locator('[data-test=vehicle-list] .list-head', { hasText: '找到 1 辆' }).waitFor()
  await page.done()
})

test('stop boards fit 1920×1080, 1440×900 and a 1080×1920 portrait kiosk without cutting a row', async () => {
  const { stop } = await busyStop()
  for (const [width, height] of [[1920, 1080], [1440, 900], [1080, 1920]]) {
    const page = await openPage({ width, height })
    await page.goto(`${ctx.server.base}/board/${encodeURIComponent(stop.stop_id)}`)
    await page.locator('[data-test=board] .stop', { hasText: stop.name }).waitFor()
    const rows = page.locator('[data-test=board-row]')
    await rows.first().waitFor()
    const n = await rows.count()
    assert.ok(n >= 3, `${width}×${height}: ${n} rows`)
    const last = await rows.nth(n - 1).boundingBox()
    assert.ok(last.y >= 0 && last.y + last.height <= height, `${width}×${height}: last row at ${last.y}+${last.height}`)
    const footer = await page.locator('[data-test=board] footer').boundingBox()
    assert.ok(footer.y + footer.height <= height + 0.5, `${width}×${height}: footer cut off`)
    assert.ok(last.y + last.height <= footer.y + 0.5, 'rows overlap the footer')
    // Large type: the route number is at least 4 % of the shorter side.
    const size = await page.locator('[data-test=board-row] .route').first().evaluate((e) => parseFloat(getComputedStyle(e).fontSize))
    assert.ok(size >= Math.min(width, height) * 0.04, `route type ${size}px`)
    // "距本站" is filled for timetable rows too.
    const text = await page.locator('[data-test=board]').innerText()
    assert.match(text, /距本站/)
    assert.match(text, /\d+ 站/)
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), width, 'no sideways scroll')
    await page.screenshot({ path: join(outDir, `transit-board-${width}x${height}.png`) })
    await page.done()
  }
  // A stop with nothing due says so.
  const page = await openPage({ width: 1440, height: 900 })
  await page.goto(`${ctx.server.base}/board/NO_SUCH_STOP`)
  await page.locator('[data-test=board-missing]', { hasText: '没有这个站点' }).waitFor()
  await page.context().close()
})

test('the phone page: nothing nearby far away, search a stop by name, open it and go back', async () => {
  const { stop } = await busyStop()
  // Location refused: the page says so and offers the search and the list of all stops.
  const page = await openPage({ width: 390, height: 844 }, { isMobile: true, hasTouch: true, deviceScaleFactor: 2 })
  await page.goto(`${ctx.server.base}/m`)
  await page.locator('[data-test=none-near]', { hasText: '附近没有站点' }).waitFor()
  await page.locator('[data-test=stop-list] h2', { hasText: '全部站点（416 个）' }).waitFor()
  assert.equal(await page.locator('[data-test=stop-item]').count(), 20)
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 390, 'no sideways scroll')
  await page.screenshot({ path: join(outDir, 'transit-phone-denied.png') })
  await page.click('[data-test=stop-more]')
  await page.locator('[data-test=stop-item]').nth(39).waitFor()

  await page.fill('[data-test=stop-search]', stop.name.slice(0, 10).toLowerCase())
  const hit = page.locator('[data-test=stop-item]', { hasText: stop.name })
  await hit.waitFor()
  await page.screenshot({ path: join(outDir, 'transit-phone-search.png') })
  await hit.click()
  await page.locator('[data-test=phone-stop] .title', { hasText: stop.name }).waitFor()
  await page.locator('[data-test=phone-arrival]').first().waitFor()
  const arrivals = await page.locator('[data-test=phone-stop]').innerText()
  assert.match(arrivals, /分钟|即将到站/)
  assert.match(arrivals, /计划|实时/)
  assert.match(arrivals, /每 15 秒自动刷新/)
  await page.screenshot({ path: join(outDir, 'transit-phone-stop.png') })
  await page.click('[data-test=back]')
  await page.locator('[data-test=stop-list]').waitFor()
  assert.match(page.url(), /\/m$/)

  // In central Cairns: the nearest stops with distances in 米 / 公里 and their buses.
  await page.goto(`${ctx.server.base}/m?lat=-16.92&lon=145.775`)
  const first = page.locator('[data-test=nearby-stop]').first()
  await first.waitFor()
  assert.match(await first.innerText(), /\d+ 米|\d+(\.\d)? 公里/)
  await page.screenshot({ path: join(outDir, 'transit-phone.png') })
  // Far from every stop (Sanmenxia): nothing is "nearby".
  await page.goto(`${ctx.server.base}/m?lat=34.77&lon=111.2`)
  await page.locator('[data-test=none-near]', { hasText: '附近没有站点' }).waitFor()
  await page.done()
})
