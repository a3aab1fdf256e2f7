// 调度台 in a real browser with the simulator playing Cairns' Friday timetable from 10:00: the
// dispatcher finds the console in the menu (a planner does not), reads the route ladders with
// buses moving on them as positions are pushed (no polling), opens a bus's panel, the map with its
// legend and vehicle search, and a terminal's departure plan; at 1440×900 and on a 390×844 phone,
// with screenshots.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { withServerAndBrowser, loginPage, outDir, root } from './harness.mjs'

const ctx = withServerAndBrowser({ serverArgs: ['--transit-clock-start', '1402012800', '--simulate'] })
const password = 'Zhengtong@2024'

async function bearer(username) {
  const r = await fetch(`${ctx.server.base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password, token_type: 'bearer' }),
  })
  assert.equal(r.status, 200)
  return { Authorization: `Bearer ${(await r.json()).token}` }
}

// The planner imports Cairns; the simulator's next round puts its buses on the ladders. Once,
// from the first test (the harness's server is up by then).
let imported = null
const ready = () => (imported ||= importCairns())
async function importCairns() {
  const zip = readFileSync(join(root, 'data', 'gtfs', 'cairns-2014.zip'))
  const r = await fetch(`${ctx.server.base}/api/v1/transit/feeds?name=cairns-2014.zip`, {
    method: 'POST', headers: { ...(await bearer('jt_gh')), 'Content-Type': 'application/zip' }, body: zip,
  })
  assert.equal(r.status, 201, await r.text())
  const dispatcher = await bearer('gj_dd')
  for (let i = 0; i < 60; i++) {
    const fleet = await (await fetch(`${ctx.server.base}/api/v1/transit/dispatch/fleet`, { headers: dispatcher })).json()
    if (fleet.vehicles.filter((v) => v.dist_m !== undefined).length >= 5) return
    await new Promise((ok) => setTimeout(ok, 500))
  }
  throw new Error('the simulator put no buses on the ladders')
}

// The message log's 状态 column inside the bus panel's box, not cut off by it.
async function statusInsidePanel(page) {
  const boxes = await page.evaluate(() => {
    const panel = document.querySelector('[data-test=vehicle-panel]').getBoundingClientRect()
    const heads = [...document.querySelectorAll('[data-test=vehicle-panel] [data-test=vm-log] th')]
    const status = heads.find((h) => h.innerText.trim() === '状态')?.getBoundingClientRect()
    return { panel: [panel.left, panel.right], status: status && [status.left, status.right] }
  })
  assert.ok(boxes.status, 'a 状态 column')
  assert.ok(boxes.status[0] >= boxes.panel[0] - 1 && boxes.status[1] <= boxes.panel[1] + 1, JSON.stringify(boxes))
}

async function open(viewport, username = 'gj_dd') {
  await ready()
  const page = await ctx.browser.newPage({ locale: 'zh-CN', viewport })
  await loginPage(ctx, page, username)
  return page
}

const ids = /CNS2014|Weekday|_MUL|\b\d{6,}-\d+\b/ // the feed's internal trip, route and stop ids

test('a planner has no console; the dispatcher finds it in the menu', async () => {
  const planner = await open({ width: 1440, height: 900 }, 'jt_gh')
  await planner.click('aside >> text=智能公交')
  await planner.locator('aside >> text=实时监控').waitFor()
  assert.equal(await planner.locator('aside >> text=调度台').count(), 0)
  await planner.goto(`${ctx.server.base}/transit/dispatch`)
  await planner.locator('h1.page-title', { hasText: '工作台' }).waitFor()
  await planner.close()

  const page = await open({ width: 1440, height: 900 })
  await page.click('aside >> text=智能公交')
  await page.click('aside >> text=调度台')
  await page.locator('h1.page-title', { hasText: '调度台' }).waitFor()
  await page.close()
})

test('route ladders at 1440×900: buses placed between stops, moving as positions are pushed', async () => {
  const page = await open({ width: 1440, height: 900 })
  const asked = []
  page.on('request', (r) => { if (r.url().includes('/api/')) asked.push(new URL(r.url()).pathname) })
  await page.goto(`${ctx.server.base}/transit/dispatch`)
  await page.locator('[data-test=dispatch-connection]', { hasText: '实时推送' }).waitFor()
  // The busiest routes are chosen at first, each with its two directions.
  await page.locator('[data-test=ladder-route]').first().waitFor()
  await page.locator('[data-test=ladder-bus]').first().waitFor()
  const routes = await page.locator('[data-test=ladder-route]').count()
  assert.ok(routes >= 1 && routes <= 3, `${routes} routes`)
  assert.ok(await page.locator('[data-test=ladder-direction]').count() >= routes)
  const legend = await page.locator('[data-test=ladder-legend]').innerText()
  for (const word of ['串车', '大间隔', '晚点']) assert.match(legend, new RegExp(word))
  const head = await page.locator('[data-test=ladder-route]').first().innerText()
  assert.match(head, /开往/)
  assert.match(head, /在线 \d+ 辆/)
  assert.doesNotMatch(head, ids)
  // Every bus inside its strip, none outside.
  const outside = await page.$$eval('[data-test=ladder-bus]', (buses) => buses.filter((b) => {
    const strip = b.parentElement.getBoundingClientRect()
    const r = b.getBoundingClientRect()
    return r.left + r.width / 2 < strip.left - 1 || r.left + r.width / 2 > strip.right + 1
  }).length)
  assert.equal(outside, 0)
  await page.screenshot({ path: join(outDir, 'dispatch-ladder-1440.png') })

  // The simulator moves the buses every 10 s; the page follows without asking.
  const where = () => page.$$eval('[data-test=ladder-bus]', (bs) => bs.map((b) => `${b.textContent}@${b.style.left}`).join('|'))
  const before = await where()
  asked.length = 0
  await page.waitForFunction((b) => [...document.querySelectorAll('[data-test=ladder-bus]')]
    .map((x) => `${x.textContent}@${x.style.left}`).join('|') !== b, before, { timeout: 30000 })
  assert.deepEqual(asked.filter((p) => /dispatch\/(fleet|ladder)|transit\/network|transit\/vehicles$/.test(p)), [], 'no polling')

  // A bus's panel: its trip, where it is heading, the next stops with times.
  await page.locator('[data-test=ladder-bus]').first().click()
  const panel = page.locator('[data-test=vehicle-panel]')
  await panel.locator('[data-test=vehicle-next-stops] tbody tr').first().waitFor()
  const text = await panel.innerText()
  for (const word of ['开往', '班次', '路牌', '驾驶员', '前车间隔', '前方站点', '调度指令']) assert.match(text, new RegExp(word))
  assert.match(text, /\d{2}:\d{2} 发/)
  // The simulator's buses are named after their trips; everything else says no id.
  for (const part of await panel.locator('.facts, [data-test=vehicle-next-stops]').allInnerTexts()) assert.doesNotMatch(part, ids)
  assert.equal(await page.locator('[data-slot=vehicle-messages]').count(), 1)
  await statusInsidePanel(page)
  // Titled by its fleet number, never by the simulator's id.
  assert.match(await panel.locator('[data-test=vehicle-panel-title]').innerText(), /^车辆 \d{4}$/)
  for (const tip of await page.locator('[data-test=ladder-bus]').evaluateAll((bs) => bs.map((b) => b.title + b.textContent)))
    assert.doesNotMatch(tip, /SIM-|CNS2014/)
  assert.equal(await page.locator('[data-slot=alarms]').count(), 1)
  await page.screenshot({ path: join(outDir, 'dispatch-ladder-panel-1440.png') })

  // A route found by its number, added under the others.
  const shownNow = await page.locator('[data-test=ladder-route] .badge').allInnerTexts()
  const wanted = ['131路', '141路', '150路', '111路'].find((r) => !shownNow.includes(r))
  await page.locator('[data-test=route-picker]').click()
  await page.keyboard.type(wanted.replace('路', ''))
  await page.locator('.el-select-dropdown__item:visible', { hasText: wanted }).first().click()
  await page.keyboard.press('Escape')
  await page.locator('[data-test=ladder-route] .badge', { hasText: wanted }).first().waitFor()
  assert.equal(await page.locator('[data-test=ladder-route]').count(), routes + 1)
  await page.close()
})

test('the map with its legend and vehicle search, and a terminal departure plan', async () => {
  const page = await open({ width: 1440, height: 900 })
  await page.goto(`${ctx.server.base}/transit/dispatch`)
  await page.locator('[data-test=ladder-bus]').first().waitFor()
  await page.click('.el-tabs__item >> text=地图监控')
  const map = page.locator('[data-test=dispatch-map]')
  await map.locator('.bus-marker').first().waitFor()
  assert.ok(await map.locator('path').count() > 22) // route shapes and stops: the network is the base
  assert.equal(await map.locator('.leaflet-tile').count(), 0) // no tiles configured: none fetched
  const legend = await page.locator('[data-test=dispatch-map-legend]').innerText()
  for (const word of ['串车', '大间隔', '准点', '未匹配', '公交站点']) assert.match(legend, new RegExp(word))
  const all = await page.locator('[data-test=dispatch-vehicle-item]').count()
  await page.fill('[data-test=dispatch-vehicle-search] input', '110')
  const found = await page.locator('[data-test=dispatch-vehicle-item]').count()
  assert.ok(found >= 1 && found < all, `${found} of ${all}`)
  assert.ok((await page.locator('[data-test=dispatch-vehicle-item] .route').allInnerTexts()).some((r) => /^110/.test(r)))
  await page.locator('[data-test=dispatch-vehicle-item]').first().click()
  await page.locator('[data-test=vehicle-panel]').waitFor()
  for (const route of await page.locator('[data-test=dispatch-vehicle-item] .route').allInnerTexts()) assert.doesNotMatch(route, /-423/)
  await page.waitForTimeout(400)
  await page.screenshot({ path: join(outDir, 'dispatch-map-1440.png') })

  await page.click('.el-tabs__item >> text=发车计划')
  const table = page.locator('[data-test=departure-table]')
  await table.locator('.el-table__body tr').first().waitFor()
  const head = await table.locator('.el-table__header').innerText()
  for (const word of ['线路', '计划发车', '开往', '路牌', '车辆', '预计可发', '建议发车']) assert.match(head, new RegExp(word))
  const rows = await table.locator('.el-table__body tr').allInnerTexts()
  assert.ok(rows.length >= 2)
  assert.match(rows[0], /\d{2}:\d{2}/)
  await page.screenshot({ path: join(outDir, 'dispatch-board-1440.png') })
  await page.close()
})

test('on a 390×844 phone everything stacks and stays readable', async () => {
  const page = await open({ width: 390, height: 844 })
  await page.goto(`${ctx.server.base}/transit/dispatch`)
  await page.locator('[data-test=ladder-bus]').first().waitFor()
  // The page itself does not scroll sideways; the ladder strips do, inside their cards.
  const wide = await page.evaluate(() => document.documentElement.scrollWidth)
  assert.ok(wide <= 390, `page is ${wide}px wide`)
  await page.screenshot({ path: join(outDir, 'dispatch-ladder-390.png'), fullPage: true })
  await page.locator('[data-test=ladder-bus]').first().click()
  await page.locator('[data-test=vehicle-next-stops] tbody tr').first().waitFor()
  await page.locator('[data-test=vehicle-panel]').scrollIntoViewIfNeeded()
  await statusInsidePanel(page)
  await page.screenshot({ path: join(outDir, 'dispatch-panel-390.png') })
  await page.click('.el-tabs__item >> text=地图监控')
  await page.locator('[data-test=dispatch-map] .bus-marker').first().waitFor()
  await page.screenshot({ path: join(outDir, 'dispatch-map-390.png'), fullPage: true })
  await page.click('.el-tabs__item >> text=发车计划')
  await page.locator('[data-test=departure-table] .el-table__body tr').first().waitFor()
  await page.screenshot({ path: join(outDir, 'dispatch-board-390.png'), fullPage: true })
  await page.close()
})

test('车辆排班: the planner publishes the day\'s blocks, the dispatcher puts a bus and its driver on one', async () => {
  await ready()
  // Friday 2014-06-06 in Cairns, as the simulator plays it; up to 1.5 km of deadhead.
  const r = await fetch(`${ctx.server.base}/api/v1/transit/scheduling/blocks/publish?date=2014-06-06&min_layover=10&max_deadhead=1500`, {
    method: 'POST', headers: await bearer('jt_gh'),
  })
  const answer = await r.text()
  assert.equal(r.status, 201, answer)
  const published = JSON.parse(answer)
  assert.ok(published.vehicles > 5, JSON.stringify(published))

  const page = await open({ width: 1440, height: 900 })
  await page.goto(`${ctx.server.base}/transit/dispatch`)
  await page.click('.el-tabs__item >> text=车辆排班')
  const table = page.locator('[data-test=assign-table]')
  await table.locator('.el-table__body tr').first().waitFor()
  const head = await table.locator('.el-table__header').first().innerText()
  for (const word of ['路牌', '线路', '首班—末班', '班次', '车辆', '驾驶员', '工号']) assert.match(head, new RegExp(word))
  assert.match(await page.locator('[data-test=assign-summary]').innerText(), new RegExp(`路牌 ${published.vehicles} 个 · 已排车 0 个`))
  const first = table.locator('.el-table__body tr').first()
  const block = (await first.locator('td').first().innerText()).trim()
  assert.match(block, /^B0+1$/)
  await first.locator('[data-test=assign-vehicle]').click()
  await page.keyboard.type('豫G·E2E01')
  await page.keyboard.press('Enter')
  await first.locator('input[data-test=assign-driver]').fill('张建国')
  await first.locator('[data-test=assign-save]').click()
  await page.locator('.el-message--success', { hasText: `路牌 ${block} 已排车 豫G·E2E01` }).waitFor()
  await page.locator('[data-test=assign-summary]', { hasText: '已排车 1 个' }).waitFor()
  await page.screenshot({ path: join(outDir, 'dispatch-assign-1440.png') })

  // The same bus on a second block is refused, saying where it is.
  const second = table.locator('.el-table__body tr').nth(1)
  await second.locator('[data-test=assign-vehicle]').click()
  await page.keyboard.type('豫G·E2E01')
  await page.keyboard.press('Enter')
  await second.locator('[data-test=assign-save]').click()
  await page.locator('.el-message--error', { hasText: `已排在路牌 ${block}` }).waitFor()
  await page.close()

  const phone = await open({ width: 390, height: 844 })
  await phone.goto(`${ctx.server.base}/transit/dispatch`)
  await phone.click('.el-tabs__item >> text=车辆排班')
  await phone.locator('[data-test=assign-table] .el-table__body tr').first().waitFor()
  const wide = await phone.evaluate(() => document.documentElement.scrollWidth)
  assert.ok(wide <= 390, `page is ${wide}px wide`)
  await phone.screenshot({ path: join(outDir, 'dispatch-assign-390.png'), fullPage: true })
  await phone.close()
})
