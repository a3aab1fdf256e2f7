// 客流分析 in a real browser: the demo year's simulated flow day (zhengtong demo) as a planner
// sees it — the figures (推断率, 非现金支付比例, 刷卡数, 有计数器班次, 计数上客人次, 刷卡覆盖率),
// the hourly profile and the top OD (stops of one name told apart by their number; five rows and
// 展开全部 on a phone) under 客流概况; a route's load bands on the map with the max-load segment
// (断面客流), the stop heat map (站点热力) and the zone OD (交通小区 OD) on maps drawn without
// any tile server; the TIDES export; then, under 数据导入, a day's passenger counts uploaded
// (步骤 1: a bad row refused and named, then whole) before its taps (步骤 2: likewise), and the
// counts sent again (as stop_visits) once the day is analysed, which asks for the taps again;
// at 1440×900 and 390×844.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { withServerAndBrowser, loginPage, outDir } from './harness.mjs'

process.env.ZT_FLOW_TOKEN_SECRET = 'e2e-flow-token-secret-0123456789'
const ctx = withServerAndBrowser({ demoYear: true })
const day = '2024-09-18' // a day of the demo year with stop visits and no flow day of its own
const dir = mkdtempSync(join(tmpdir(), 'zt-flow-'))

// Local (UTC+8) "YYYY-MM-DD HH:MM:SS" of an ISO time, shifted by `s` seconds.
const local = (iso, s) => new Date(Date.parse(iso) + (s + 8 * 3600) * 1000).toISOString().slice(0, 19).replace('T', ' ')

// The first stop visits of one bus on `day`, from the KPI's TIDES stop_visits export
// (0 service_date, 1 trip_id_performed, 2 trip_stop_sequence, 4 vehicle_id, 6 stop_id,
// 11 actual_departure_time).
async function busVisits(page) {
  const r = await page.request.get(`${ctx.server.base}/api/v1/transit/kpi/tides/stop_visits.csv?date=${day}`)
  assert.equal(r.status(), 200)
  const rows = (await r.text()).trim().split('\n').slice(1).map((l) => l.trim().split(','))
  const bus = rows.find((c) => c[11])[4]
  const visits = rows.filter((c) => c[4] === bus && c[11]).slice(0, 3)
  assert.equal(visits.length, 3)
  return { bus, visits }
}

// Three taps at those visits (two cards, one cash rider); the bad file has a fifth line of an
// impossible time.
function tapsFile({ bus, visits }) {
  const lines = ['交易时间,车辆编号,卡号,支付方式',
    `${local(visits[0][11], -20)},${bus},3101000099990001,交通一卡通`,
    `${local(visits[1][11], -20)},${bus},6222020099990002,二维码`,
    `${local(visits[2][11], -20)},${bus},,现金`]
  const good = join(dir, 'taps.csv')
  const bad = join(dir, 'taps-bad.csv')
  writeFileSync(good, lines.join('\n') + '\n')
  writeFileSync(bad, [...lines, `${day} 25:61:00,${bus},3101000099990003,交通一卡通`].join('\n') + '\n')
  return { good, bad }
}

// TIDES passenger_events at the same visits: 4 boarded and 1 alighted at each (12 and 3); the
// bad file's eighth line has a stop sequence that is not a number and an unknown event type.
function countsFile({ bus, visits }) {
  const head = 'passenger_event_id,service_date,event_timestamp,trip_id_performed,trip_stop_sequence,event_type,vehicle_id,stop_id,event_count'
  const lines = [head]
  visits.forEach((v, i) => {
    lines.push(`e${i}b,${day},${v[11]},${v[1]},${v[2]},Passenger boarded,${bus},${v[6]},4`)
    lines.push(`e${i}a,${day},${v[11]},${v[1]},${v[2]},Passenger alighted,${bus},${v[6]},1`)
  })
  const good = join(dir, 'passenger_events.csv')
  const bad = join(dir, 'passenger_events-bad.csv')
  writeFileSync(good, lines.join('\n') + '\n')
  const v = visits[0]
  writeFileSync(bad, [...lines, `e9,${day},${v[11]},${v[1]},x,Passenger flew,${bus},${v[6]},2`].join('\n') + '\n')
  return { good, bad }
}

// The same visits as TIDES stop_visits with the counters' boarding_1 / alighting_1 (5 and 2 at
// each: 15 and 6).
function visitsFile({ bus, visits }) {
  const lines = ['service_date,trip_id_performed,trip_stop_sequence,vehicle_id,stop_id,actual_arrival_time,actual_departure_time,boarding_1,alighting_1']
  for (const v of visits) lines.push(`${day},${v[1]},${v[2]},${bus},${v[6]},${v[10]},${v[11]},5,2`)
  const path = join(dir, 'stop_visits.csv')
  writeFileSync(path, lines.join('\n') + '\n')
  return path
}

async function open(viewport) {
  const context = await ctx.browser.newContext({ locale: 'zh-CN', viewport })
  const page = await context.newPage()
  // The maps must not reach for tiles or anything else off this server.
  const away = []
  page.on('request', (r) => { if (!r.url().startsWith(ctx.server.base) && !r.url().startsWith('data:')) away.push(r.url()) })
  await loginPage(ctx, page, 'jt_gh')
  await page.goto(`${ctx.server.base}/transit/flow`)
  await page.locator('[data-test=flow-figures]').waitFor()
  return { page, context, away }
}

const tab = (page, name) => page.locator('[data-test=flow-tabs] .el-tabs__item', { hasText: name }).click()
const get = async (page, path) => {
  const r = await page.request.get(`${ctx.server.base}${path}`)
  const text = await r.text()
  assert.equal(r.status(), 200, `${path}: ${text}`)
  return JSON.parse(text)
}
// 上传并分析 with a good file: the answer is the day (201), the page reads the day again and
// shows its three taps.
async function sendTaps(page) {
  const path = `/api/v1/transit/flow/days/${day}`
  const answer = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === path)
  const reread = page.waitForResponse((r) => r.request().method() === 'GET' && new URL(r.url()).pathname === path)
  await page.locator('[data-test=flow-upload]').click()
  assert.equal((await answer).status(), 201)
  assert.equal((await reread).status(), 200)
  await page.locator('[data-test=fig-taps] .value', { hasText: /^3$/ }).waitFor()
  await page.waitForFunction((d) => document.querySelector('[data-test=flow-xlsx]')?.getAttribute('href').includes(d), day)
}
// A table on a phone shows its last column (人次) without scrolling sideways.
async function wholeTable(page, name) {
  const [table, cell] = await Promise.all([
    page.locator(`[data-test=${name}]`).boundingBox(),
    page.locator(`[data-test=${name}] .el-table__body tr`).first().locator('td').last().boundingBox(),
  ])
  assert.ok(cell.x + cell.width <= table.x + table.width + 1, `${name}: 人次 ends at ${cell.x + cell.width}px, the table at ${table.x + table.width}px`)
}
// A figure shows `text` (once the page has drawn the day it read).
const figure = (page, name, text) => page.locator(`[data-test=${name}] .value`, { hasText: new RegExp(`^${text}$`) }).waitFor()
const shownDate = (page) => page.evaluate(() => document.querySelector('[data-test=flow-xlsx]').getAttribute('href').split('/')[6])

test('a planner reads the demo day: figures, hourly profile, OD and the exports', async () => {
  const { page, context, away } = await open({ width: 1440, height: 900 })
  assert.match(await page.locator('[data-test=fig-rate] .value').textContent(), /^\d+\.\d%$/)
  assert.match(await page.locator('[data-test=fig-noncash] .value').textContent(), /^\d+\.\d%$/)
  const date = await shownDate(page)
  const { day: d } = await get(page, `/api/v1/transit/flow/days/${date}`)
  // The demo's buses carry counters: the counters' figures are the day's.
  assert.ok(d.trips_with_counter > 0, JSON.stringify(d))
  assert.equal(await page.locator('[data-test=fig-counter] .value').textContent(), d.trips_with_counter.toLocaleString('zh-CN'))
  assert.equal(await page.locator('[data-test=fig-apc] .value').textContent(), Math.round(d.apc_boardings).toLocaleString('zh-CN'))
  assert.equal(await page.locator('[data-test=fig-tap-share] .value').textContent(), `${(d.tap_share * 100).toFixed(1)}%`)
  assert.ok(d.tap_share > 0 && d.tap_share <= 1)
  await page.locator('[data-test=flow-hourly] canvas').waitFor()
  const od = page.locator('[data-test=flow-od] .el-table__body tr')
  assert.ok(await od.count() > 5)
  // The demo day's OD has JOAO PESSOA → JOAO PESSOA between two stops: each shows its number.
  const pairs = await od.evaluateAll((trs) => trs.map((tr) => [...tr.cells].slice(1, 3).map((c) => c.innerText.trim())))
  assert.ok(pairs.some(([a]) => /^JOAO PESSOA（站 \d+）$/.test(a)), JSON.stringify(pairs))
  for (const [a, b] of pairs) assert.notEqual(a, b, 'an OD pair reads as one stop')
  assert.equal(await page.locator('[data-test=flow-od-more]').count(), 0)
  await page.screenshot({ path: join(outDir, 'transit-flow-1440.png'), fullPage: true })

  // 导出 TIDES: the day's stop visits with its boardings and alightings.
  const href = await page.locator('[data-test=flow-tides]').getAttribute('href')
  assert.equal(href, `/api/v1/transit/flow/days/${date}/tides/stop_visits.csv`)
  const csv = await page.request.get(`${ctx.server.base}${href}`)
  assert.equal(csv.status(), 200)
  const [header, first] = (await csv.text()).split(/\r?\n/)
  assert.match(header, /^service_date,trip_id_performed,trip_stop_sequence/)
  assert.match(header, /boarding_1/)
  assert.ok(first.startsWith(date), first)
  assert.deepEqual(away, [])
  await page.close()
  await context.close()
})

test('断面客流, 站点热力 and 交通小区 OD on maps without tiles', async () => {
  const { page, context, away } = await open({ width: 1440, height: 900 })
  const date = await shownDate(page)

  await tab(page, '断面客流')
  await page.locator('[data-test=flow-max-load]').waitFor()
  await page.locator('[data-test=flow-loads] canvas').waitFor()
  const { routes } = await get(page, `/api/v1/transit/flow/days/${date}`)
  const top = routes[0]
  const loads = await get(page, `/api/v1/transit/flow/loads?date=${date}&route=${encodeURIComponent(top.route_id)}&direction=${top.direction}`)
  const segs = loads.routes[0].segments
  assert.ok(segs.every((s) => typeof s.from_lat === 'number' && typeof s.to_lon === 'number'), 'segments are placed')
  const bands = page.locator('[data-test=load-map] path.zt-load-seg')
  await page.waitForFunction((n) => document.querySelectorAll('[data-test=load-map] path.zt-load-seg').length === n, segs.length)
  assert.equal(await page.locator('[data-test=load-map] path.zt-load-max').count(), 1)
  const max = segs.find((s) => s.max_load)
  assert.equal(await page.locator('[data-test=load-map] .max-flag').textContent(), `最大 ${Math.round(max.riders).toLocaleString('zh-CN')}`)
  assert.match(await page.locator('[data-test=load-map-legend]').innerText(), /断面客流（人次）[\s\S]*最大断面/)
  // The widest band is the max-load segment's.
  const widths = await bands.evaluateAll((ps) => ps.map((p) => [p.classList.contains('zt-load-max'), Number(p.getAttribute('stroke-width'))]))
  assert.equal(Math.max(...widths.map(([, w]) => w)), widths.find(([m]) => m)[1])
  // A band along a street straight north-south has a box of no width, which playwright calls
  // invisible: the pointer goes to its middle instead.
  const mid = await page.locator('[data-test=load-map] path.zt-load-max').evaluate((p) => {
    const r = p.getBoundingClientRect()
    return { x: r.x + r.width / 2, y: r.y + r.height / 2 }
  })
  await page.mouse.move(mid.x, mid.y)
  await page.locator('.leaflet-tooltip', { hasText: '本时段最大断面' }).waitFor()
  await page.screenshot({ path: join(outDir, 'transit-flow-loads-1440.png'), fullPage: true })
  // Another period asks the server for it.
  const peak = page.waitForResponse((r) => r.url().includes('/flow/loads?') && r.url().includes('period=07-09'))
  await page.locator('[data-test=flow-period]').click()
  await page.locator('.el-select-dropdown__item', { hasText: '早高峰' }).click()
  assert.equal((await peak).status(), 200)

  await tab(page, '站点热力')
  const { stops } = await get(page, `/api/v1/transit/flow/days/${date}/stops`)
  const active = stops.filter((s) => s.boardings + s.alightings > 0)
  assert.ok(active.length > 10, `${active.length} stops with riders`)
  await page.waitForFunction((n) => document.querySelectorAll('[data-test=heat-map] path.zt-heat-stop').length === n, active.length)
  assert.equal(await page.locator('[data-test=heat-map-legend] .legend-row').count(), 5)
  assert.equal(await page.locator('[data-test=heat-top] li').count(), 10)
  await page.locator('[data-test=heat-map] path.zt-heat-stop').first().waitFor()
  await page.screenshot({ path: join(outDir, 'transit-flow-heat-1440.png'), fullPage: true })
  // The busiest stop in the list: the map goes to it and names its figures.
  const busiest = [...active].sort((a, b) => b.boardings + b.alightings - (a.boardings + a.alightings))[0]
  await page.locator('[data-test=heat-top] li').first().click()
  const tip = page.locator('.leaflet-tooltip', { hasText: busiest.stop_name })
  await tip.waitFor()
  assert.match(await tip.innerText(), new RegExp(`上客 ${Math.round(busiest.boardings).toLocaleString('zh-CN')} 人次`))
  // 上客 alone: the circles are the stops with boardings.
  await page.locator('[data-test=heat-measure] label', { hasText: /^上客$/ }).click()
  const boarding = active.filter((s) => s.boardings > 0).length
  await page.waitForFunction((n) => document.querySelectorAll('[data-test=heat-map] path.zt-heat-stop').length === n, boarding)
  await page.locator('[data-test=heat-map-legend]', { hasText: '上客（人次）' }).waitFor()

  await tab(page, '交通小区 OD')
  const rows = page.locator('[data-test=zone-od] .el-table__body tr')
  await rows.first().waitFor()
  const zones = await get(page, `/api/v1/transit/flow/days/${date}/zones?cell_m=1000&limit=50`)
  assert.equal(await rows.count(), zones.od.length)
  assert.ok(zones.od.length > 5)
  assert.ok((await rows.first().locator('td').nth(1).innerText()).startsWith(zones.od[0].from_name))
  await page.waitForFunction((n) => document.querySelectorAll('[data-test=zone-map] path.zt-zone-od').length === n, zones.od.length)
  await page.locator('[data-test=zone-summary]', { hasText: '小区内部出行' }).waitFor()
  // A pair chosen in the table is drawn in red.
  await rows.first().click()
  await page.locator('[data-test=zone-map] path.zt-zone-od[stroke="#f5222d"]').waitFor()
  assert.equal(await page.locator('[data-test=zone-map] path.zt-zone-od[stroke="#f5222d"]').count(), 1)
  await page.screenshot({ path: join(outDir, 'transit-flow-zones-1440.png'), fullPage: true })
  const small = page.waitForResponse((r) => r.url().includes('/zones?cell_m=500'))
  await page.locator('[data-test=zone-cell] label', { hasText: '500 米' }).click()
  assert.equal((await small).status(), 200)
  const zones500 = await get(page, `/api/v1/transit/flow/days/${date}/zones?cell_m=500&limit=50`)
  assert.ok(zones500.zones.length > zones.zones.length, 'smaller cells, more zones')
  await page.locator('[data-test=zone-summary]', { hasText: `交通小区 ${zones500.zones.length} 个` }).waitFor()
  assert.deepEqual(away, [])
  await page.close()
  await context.close()
})

test('a planner uploads a day of counts, then its taps, then the counts again', async () => {
  const { page, context } = await open({ width: 1440, height: 900 })
  const visits = await busVisits(page)
  const taps = tapsFile(visits)
  const counts = countsFile(visits)
  await tab(page, '数据导入')
  await page.locator('[data-test=flow-upload-date] input').fill(day)
  await page.locator('[data-test=flow-upload-date] input').press('Enter')
  await page.locator('[data-test=flow-counts-status]', { hasText: '当日尚无客流计数' }).waitFor()

  // 步骤 1: the bad file is refused with its row named; the good one is stored.
  const countsInput = '[data-test=flow-counts-file] input[type=file]'
  assert.equal(await page.locator('[data-test=flow-counts-file-name]').textContent(), '未选择文件')
  await page.locator(countsInput).setInputFiles(counts.bad)
  await page.locator('[data-test=flow-counts-file-name]', { hasText: 'passenger_events-bad.csv' }).waitFor()
  await page.locator('[data-test=flow-counts-upload]').click()
  await page.locator('[data-test=flow-counts-errors]', { hasText: '第8行' }).waitFor()
  await page.screenshot({ path: join(outDir, 'transit-flow-counts-error-1440.png'), fullPage: true })
  await page.locator(countsInput).setInputFiles(counts.good)
  await page.locator('[data-test=flow-counts-file-name]', { hasText: /^passenger_events\.csv$/ }).waitFor()
  await page.locator('[data-test=flow-counts-upload]').click()
  const done = page.locator('[data-test=flow-counts-result]')
  await done.waitFor()
  assert.match(await done.innerText(), /计数 6 条：上客 12、下客 3 人次，车辆 1 辆/)
  assert.equal(await page.locator('[data-test=flow-counts-errors]').count(), 0)
  assert.equal(await page.locator('[data-test=flow-counts-rerun]').count(), 0, 'no flow day yet: nothing to redo')
  await page.locator('[data-test=flow-counts-status]', { hasText: '当日已有客流计数 6 条' }).waitFor()
  const stored = await get(page, `/api/v1/transit/flow/days/${day}/counts`)
  assert.equal(stored.boarded, 12)
  assert.equal(stored.source, 'passenger_events')

  // 步骤 2: the taps, first with a bad row, then whole: the day is analysed with the counts.
  const input = '[data-test=flow-file] input[type=file]'
  await page.locator(input).setInputFiles(taps.bad)
  await page.locator('[data-test=flow-file-name]', { hasText: 'taps-bad.csv' }).waitFor()
  await page.locator('[data-test=flow-upload]').click()
  await page.locator('[data-test=flow-errors]', { hasText: '第5行' }).waitFor()
  await page.screenshot({ path: join(outDir, 'transit-flow-error-1440.png') })
  await page.locator(input).setInputFiles(taps.good)
  await page.locator('[data-test=flow-file-name]', { hasText: /^taps\.csv$/ }).waitFor()
  await sendTaps(page)
  assert.equal(await shownDate(page), day)
  assert.match(await page.locator('[data-test=fig-noncash] .value').textContent(), /^\d+\.\d%$/)
  const { day: d } = await get(page, `/api/v1/transit/flow/days/${day}`)
  assert.ok(d.trips_with_counter >= 1, JSON.stringify(d))
  await figure(page, 'fig-counter', String(d.trips_with_counter))
  await figure(page, 'fig-apc', String(Math.round(d.apc_boardings)))
  assert.match(await page.locator('[data-test=fig-tap-share] .value').textContent(), /^\d+\.\d%$/)
  await page.screenshot({ path: join(outDir, 'transit-flow-uploaded-1440.png'), fullPage: true })

  // Counts sent again (as stop_visits) for a day already analysed: they replace the first ones,
  // and the page asks for the day's taps again.
  await tab(page, '数据导入')
  await page.locator('[data-test=flow-counts-format] label', { hasText: '到站记录' }).click()
  await page.locator(countsInput).setInputFiles(visitsFile(visits))
  await page.locator('[data-test=flow-counts-file-name]', { hasText: /^stop_visits\.csv$/ }).waitFor()
  await page.locator('[data-test=flow-counts-upload]').click()
  await page.locator('[data-test=flow-counts-rerun]', { hasText: `${day} 已有客流分析结果：请在步骤 2 重新上传` }).waitFor()
  assert.match(await done.innerText(), /计数 3 条：上客 15、下客 6 人次，车辆 1 辆/)
  await page.locator('[data-test=flow-counts-status]', { hasText: '（上传的到站记录）' }).waitFor()
  await page.screenshot({ path: join(outDir, 'transit-flow-counts-rerun-1440.png') })
  await page.locator(input).setInputFiles(taps.good)
  await sendTaps(page)
  const again = await get(page, `/api/v1/transit/flow/days/${day}`)
  await figure(page, 'fig-apc', String(Math.round(again.day.apc_boardings)))
  assert.notEqual(again.day.apc_boardings, d.apc_boardings, 'the new counts are used')
  await tab(page, '数据导入')
  assert.equal(await page.locator('[data-test=flow-counts-rerun]').count(), 0, 'taps sent again: nothing to redo')
  const text = await page.locator('body').innerText()
  assert.doesNotMatch(text, /3101000099990001|6222020099990002/)
  await page.close()
  await context.close()
})

test('the page reads on a phone', async () => {
  const { page, context, away } = await open({ width: 390, height: 844 })
  const fits = async (what) => {
    const width = await page.evaluate(() => document.documentElement.scrollWidth)
    assert.ok(width <= 391, `${what} fits the phone (${width}px)`)
  }
  await page.locator('[data-test=flow-hourly] canvas').waitFor()
  const od = page.locator('[data-test=flow-od] .el-table__body tr')
  assert.equal(await od.count(), 5)
  await page.screenshot({ path: join(outDir, 'transit-flow-390.png'), fullPage: true })
  const more = page.locator('[data-test=flow-od-more]')
  assert.match(await more.textContent(), /^展开全部（\d+ 条）$/)
  await more.click()
  await more.filter({ hasText: '收起' }).waitFor()
  assert.ok(await od.count() > 5)
  await page.locator('[data-test=flow-od]').screenshot({ path: join(outDir, 'transit-flow-od-open-390.png') })
  await more.click()
  await more.filter({ hasText: '展开全部' }).waitFor()
  assert.equal(await od.count(), 5)
  await fits('概况')
  await wholeTable(page, 'flow-od')
  // All five tabs in one row, none behind a scroll arrow.
  const items = page.locator('[data-test=flow-tabs] .el-tabs__item')
  assert.equal(await items.count(), 5)
  const last = await items.last().boundingBox()
  assert.ok(last.x + last.width <= 390, `the last tab ends at ${last.x + last.width}px`)

  await tab(page, '断面')
  await page.locator('[data-test=load-map] path.zt-load-max').waitFor({ state: 'attached' })
  await fits('断面客流')
  await page.screenshot({ path: join(outDir, 'transit-flow-loads-390.png'), fullPage: true })
  await tab(page, '热力')
  await page.locator('[data-test=heat-map] path.zt-heat-stop').first().waitFor()
  await fits('站点热力')
  await page.screenshot({ path: join(outDir, 'transit-flow-heat-390.png'), fullPage: true })
  await tab(page, '小区OD')
  await page.locator('[data-test=zone-od] .el-table__body tr').first().waitFor()
  assert.equal(await page.locator('[data-test=zone-od] .el-table__body tr').count(), 5)
  await fits('交通小区 OD')
  await wholeTable(page, 'zone-od')
  await page.screenshot({ path: join(outDir, 'transit-flow-zones-390.png'), fullPage: true })
  await tab(page, '导入')
  await page.locator('[data-test=flow-step-counts]').waitFor()
  await fits('数据导入')
  await page.screenshot({ path: join(outDir, 'transit-flow-import-390.png'), fullPage: true })
  assert.deepEqual(away, [])
  await page.close()
  await context.close()
})
