// 智能公交 › 覆盖与车辆 in a real browser: a planner uploads the built-up area of central Cairns
// and sees the 500 m coverage and its uncovered parts on the map, imports the demo fleet's
// register through the page (a broken file is refused row by row first), and reads the fleet
// targets and the accident rate; the same page on a 390×844 phone.
//
// The transit clock runs from Friday 2014-06-06 10:00 in Cairns, inside the feed's dates.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { withServerAndBrowser, loginPage, outDir, root } from './harness.mjs'

const ctx = withServerAndBrowser({ serverArgs: ['--transit-clock-start', '1402012800'] })

async function bearer(username) {
  const r = await fetch(`${ctx.server.base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password: 'Zhengtong@2024', token_type: 'bearer' }),
  })
  const body = await r.json()
  assert.equal(r.status, 200, JSON.stringify(body))
  return { Authorization: `Bearer ${body.token}` }
}

// Central Cairns, the Esplanade's sea front included (no stop there: uncovered).
const area = {
  type: 'Feature',
  properties: { name: '凯恩斯中心城区' },
  geometry: {
    type: 'Polygon',
    coordinates: [[[145.735, -16.905], [145.765, -16.895], [145.790, -16.910], [145.790, -16.945],
      [145.765, -16.965], [145.735, -16.955], [145.725, -16.930], [145.735, -16.905]]],
  },
}

test('a planner sees the 500 m coverage on the map, imports the register and reads the targets', async () => {
  const planner = await bearer('jt_gh')
  const zip = readFileSync(join(root, 'data', 'gtfs', 'cairns-2014.zip'))
  const imported = await fetch(`${ctx.server.base}/api/v1/transit/feeds?name=cairns-2014.zip`, { method: 'POST', headers: planner, body: zip })
  assert.equal(imported.status, 201, await imported.text())
  const accident = await fetch(`${ctx.server.base}/api/v1/transit/accidents`, {
    method: 'POST',
    headers: { ...planner, 'Content-Type': 'application/json' },
    // On the first day of this year (Beijing): inside the page's default period.
    body: JSON.stringify({ date: `${new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 4)}-01-01`, plate: '豫M·D08027', route: '11路', responsibility: 'equal', deaths: 0, injuries: 2, note: '路口刮擦' }),
  })
  assert.equal(accident.status, 201)

  // One bus on a trip coming to central Cairns reports twice every 5 s until the module's minute
  // sample (every 60 s) has seen it: its stops are covered, the rest of the network is not.
  const dispatcher = await bearer('gj_dd')
  const { stops } = await (await fetch(`${ctx.server.base}/api/v1/transit/stops/search?q=abbott&limit=20`)).json()
  let trip = null
  for (const s of stops) {
    const board = await (await fetch(`${ctx.server.base}/api/v1/transit/stops/${encodeURIComponent(s.stop_id)}/arrivals`)).json()
    const a = board.arrivals.find((x) => x.trip_id && !x.departed && x.minutes >= 3)
    if (a) { trip = { stop: s, id: a.trip_id, at: board.generated_at, fetched: Date.now() }; break }
  }
  assert.ok(trip, 'no trip coming to Abbott St')
  let sampled = null
  for (let i = 0; i < 30 && !sampled; i++) {
    const now = trip.at + Math.round((Date.now() - trip.fetched) / 1000)
    const r = await fetch(`${ctx.server.base}/api/v1/transit/avl`, {
      method: 'POST',
      headers: { ...dispatcher, 'Content-Type': 'application/json' },
      body: JSON.stringify([{ vehicle: '琼A-0110', trip: trip.id, lat: trip.stop.lat, lon: trip.stop.lon, time: now - 3, speed: 20 },
        { vehicle: '琼A-0110', trip: trip.id, lat: trip.stop.lat, lon: trip.stop.lon, time: now, speed: 20 }]),
    })
    assert.equal(r.status, 200, await r.text())
    const fc = await (await fetch(`${ctx.server.base}/api/v1/transit/kpi/forecast-coverage?hours=1`, { headers: planner })).json()
    if (fc.minutes_sampled > 0 && fc.stops_with_service > 0) sampled = fc
    else await new Promise((res) => setTimeout(res, 5000))
  }
  assert.ok(sampled, 'no forecast-coverage sample within 150 s')
  assert.ok(sampled.stops_never_covered > 0 && sampled.stops_never_covered < sampled.stops_with_service, JSON.stringify(sampled).slice(0, 300))

  const dir = mkdtempSync(join(tmpdir(), 'zt-cov-'))
  const areaFile = join(dir, '凯恩斯中心城区.geojson')
  writeFileSync(areaFile, JSON.stringify(area))
  const broken = join(dir, 'broken.csv')
  writeFileSync(broken, '车牌号,车型,能源类型,地板类型,车载视频监控,客流调查仪,驾驶区防护隔离,投入运营日期,所属场站\n豫M·1,宇通,电池,低地板,是,是,是,2024-03-01,东区\n')

  const page = await ctx.browser.newPage({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } })
  await loginPage(ctx, page, 'jt_gh')
  await page.click('aside >> text=智能公交')
  await page.click('aside >> text=覆盖与车辆')
  await page.locator('h1.page-title', { hasText: '覆盖与车辆' }).waitFor()
  await page.locator('[data-test=area-empty]').waitFor()

  await page.setInputFiles('[data-test=area-file]', areaFile)
  await page.locator('.el-message--success', { hasText: '已上传建成区范围' }).waitFor()
  await page.locator('[data-test=stop-coverage-ratio]', { hasText: '%' }).waitFor()
  const ratio = await page.locator('[data-test=stop-coverage-ratio]').innerText()
  assert.match(ratio, /^\d{1,3}\.\d%$/)
  const value = Number(ratio.slice(0, -1))
  assert.ok(value > 40 && value < 100, ratio)
  // The uncovered parts are drawn on the map in red, inside the dashed area outline.
  assert.ok(await page.locator('[data-test=coverage-map] path[fill="#f56c6c"]').count() >= 1)
  assert.ok(await page.locator('[data-test=coverage-map] path[stroke-dasharray]').count() === 1)

  await page.setInputFiles('[data-test=register-file]', broken)
  const errors = page.locator('[data-test=register-errors]')
  await errors.waitFor()
  assert.match(await errors.innerText(), /第 2 行「能源类型」：「电池」不是纯电动/)
  await page.setInputFiles('[data-test=register-file]', join(root, 'data', 'demo', 'vehicles.csv'))
  await page.locator('.el-message--success', { hasText: '新增 42 辆' }).waitFor()
  const targets = await page.locator('[data-test=fleet-targets]').innerText()
  assert.match(targets, /新增和更新新能源城市公交车比例/)
  assert.match(targets, /公交车驾驶区域防护隔离设施安装率/)
  assert.match(targets, /标台\/万人/)
  assert.doesNotMatch(targets, /new_energy|units_per|true|false|null/)

  await page.locator('[data-test=vehicle-km] input').fill('20000000')
  await page.locator('[data-test=vehicle-km] input').press('Enter')
  await page.locator('[data-test=accident-rate]', { hasText: '0.000' }).waitFor()
  assert.match(await page.locator('[data-test=accident-table]').innerText(), /同等责任/)
  const never = await page.locator('[data-test=never-count]').innerText()
  assert.equal(Number(never), sampled.stops_never_covered)
  assert.ok(await page.locator('[data-test=never-covered] tbody tr').count() >= 1)
  assert.match(await page.locator('[data-test=forecast-share]').innerText(), /^\d{1,3}\.\d%$/)
  await page.evaluate(() => window.scrollTo(0, 0))
  await page.waitForFunction(() => !document.querySelector('.el-message'))
  await page.screenshot({ path: join(outDir, 'transit-coverage.png'), fullPage: false })
  await page.screenshot({ path: join(outDir, 'transit-coverage-full.png'), fullPage: true })
  await page.close()

  const phone = await ctx.browser.newPage({ locale: 'zh-CN', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })
  await loginPage(ctx, phone, 'jt_gh')
  await phone.goto(`${ctx.server.base}/transit/coverage`)
  await phone.locator('[data-test=stop-coverage-ratio]', { hasText: '%' }).waitFor()
  const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
  assert.ok(overflow <= 1, `page wider than the phone by ${overflow}px`)
  await phone.screenshot({ path: join(outDir, 'transit-coverage-phone.png'), fullPage: true })
  await phone.close()
})
