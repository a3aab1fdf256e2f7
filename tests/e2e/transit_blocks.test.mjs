// 路牌计划 in a real browser: on the demo city's network (Porto Alegre, a 2019 feed under a 2024
// clock) a planner computes the day's optimal vehicle blocks, reads the figures the API gives,
// finds a route's 路牌 in the Gantt chart and a trip's tooltip, then publishes them as a new feed
// version; on a phone the blocks are a list; a dispatcher has no such page.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { withServerAndBrowser, loginPage, outDir } from './harness.mjs'

const ctx = withServerAndBrowser({ demoYear: true })

async function open(viewport, user = 'jt_gh') {
  const context = await ctx.browser.newContext({ locale: 'zh-CN', viewport })
  const page = await context.newPage()
  const errors = []
  page.on('pageerror', (e) => errors.push(String(e)))
  page.on('console', (m) => { if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) errors.push(m.text()) })
  await loginPage(ctx, page, user)
  page.done = async () => { await context.close(); assert.deepEqual(errors, [], 'console errors') }
  return page
}

// A GET with the page's session: its status and body.
const get = (page, path) => page.evaluate(async (p) => {
  const r = await fetch(p, { headers: { Accept: 'application/json' } })
  const text = await r.text()
  return { status: r.status, body: text ? JSON.parse(text) : null }
}, path)

async function openBlocks(page) {
  await page.goto(`${ctx.server.base}/transit/blocks`)
  await page.locator('[data-test=bk-figures]').waitFor({ timeout: 30000 })
  const date = (await page.locator('[data-test=bk-day]').innerText()).trim()
  const api = await get(page, `/api/v1/transit/scheduling/blocks?date=${date}&min_layover=10&max_deadhead=1500&deadhead_speed=20`)
  assert.equal(api.status, 200)
  return { date, blocks: api.body }
}

const figure = async (page, name) => (await page.locator(`[data-test=fig-${name}] .value`).innerText()).trim()

test('a planner computes the day\'s 路牌, filters a route, reads a trip and publishes them', async () => {
  const page = await open({ width: 1440, height: 900 })
  await page.click('aside >> text=智能公交')
  await page.locator('aside >> text=路牌计划').waitFor()
  const { date, blocks } = await openBlocks(page)
  // The day opened is a day the feed runs: the demo's weekday, 2,374 trips.
  assert.match(date, /^2019-0[4-7]-\d\d$/)
  assert.equal(blocks.trips, 2374)
  assert.equal(await figure(page, 'vehicles'), String(blocks.vehicles))
  assert.equal(await figure(page, 'trips'), String(blocks.trips))
  assert.equal(await figure(page, 'deadhead'), blocks.deadhead_km.toFixed(1))
  assert.equal(await figure(page, 'per-vehicle'), (blocks.trips / blocks.vehicles).toFixed(1))
  assert.equal(await figure(page, 'bound'), String(blocks.lower_bound))
  assert.equal((await page.locator('[data-test=bk-count]').innerText()).trim(), `${blocks.vehicles} 个路牌`)
  await page.locator('[data-test=bk-gantt] canvas').first().waitFor()
  await page.screenshot({ path: join(outDir, 'transit-blocks-1440.png'), fullPage: true })

  // The route in most blocks, picked by its name; only its blocks stay.
  const network = (await get(page, '/api/v1/transit/network')).body
  const routeName = Object.fromEntries(network.routes.map((r) => [r.route_id, r.short_name || r.long_name]))
  const stopName = Object.fromEntries(network.stops.map((s) => [s.stop_id, s.name]))
  const inBlocks = {}
  for (const b of blocks.blocks) for (const r of new Set(b.trips.map((t) => t.route_id))) inBlocks[r] = (inBlocks[r] ?? 0) + 1
  const route = Object.keys(inBlocks).sort((a, b) => inBlocks[b] - inBlocks[a])[0]
  await page.locator('[data-test=bk-route]').click()
  await page.keyboard.type(routeName[route])
  await page.locator('.el-select-dropdown__item:visible').filter({ hasText: new RegExp(`^${routeName[route]}[ （]`) }).first().click()
  await page.locator('[data-test=bk-count]', { hasText: `${inBlocks[route]} 个路牌` }).waitFor()

  // The first row's first trip, hovered along the row until its tooltip shows.
  const first = blocks.blocks.find((b) => b.trips.some((t) => t.route_id === route))
  const t0 = first.trips[0]
  const canvas = page.locator('[data-test=bk-gantt] canvas').first()
  const box = await canvas.boundingBox()
  const visible = Math.min(30, inBlocks[route])
  const y = box.y + 28 + (box.height - 84) / visible / 2
  const tip = page.locator('.bk-tip')
  let shown = false
  for (let x = box.x + 60; x < box.x + box.width - 40 && !shown; x += 6) {
    await page.mouse.move(x, y)
    shown = await tip.isVisible() && /开往/.test(await tip.innerText())
  }
  assert.ok(shown, 'a trip tooltip')
  const text = await tip.innerText()
  assert.match(text, new RegExp(`路牌 ${first.block_id}`))
  assert.ok(text.includes(routeName[t0.route_id]), text)
  assert.ok(text.includes(`开往 ${stopName[t0.to_stop]}`), text)
  assert.ok(text.includes(`${stopName[t0.from_stop]} → ${stopName[t0.to_stop]}`), text)
  assert.ok(text.includes(`发车 ${t0.departure.slice(0, 5)}`), text)
  await page.screenshot({ path: join(outDir, 'transit-blocks-tooltip-1440.png') })

  // A 路牌 found by its number, in the list.
  await page.locator('[data-test=bk-route]').hover()
  await page.locator('[data-test=bk-route] .el-select__clear').click()
  await page.fill('input[data-test=bk-search]', 'B012')
  await page.locator('[data-test=bk-count]', { hasText: '1 个路牌' }).waitFor()
  await page.getByRole('radio', { name: '列表' }).check({ force: true })
  await page.locator('[data-test=bk-item-B012]').waitFor()
  const b12 = blocks.blocks.find((b) => b.block_id === 'B012')
  const listed = await page.locator('[data-test=bk-item-B012]').innerText()
  assert.ok(listed.includes(`${stopName[b12.trips[0].from_stop]} → ${stopName[b12.trips[0].to_stop]}`), listed)

  // Published after a confirmation that says what it does: a new feed version, made active.
  await page.locator('[data-test=bk-publish]').click()
  const box2 = page.locator('.el-message-box')
  await box2.waitFor()
  assert.match(await box2.innerText(), /新的线网数据版本/)
  await page.waitForTimeout(300)
  await page.screenshot({ path: join(outDir, 'transit-blocks-confirm-1440.png') })
  await box2.getByRole('button', { name: '发布' }).click()
  await page.locator('[data-test=bk-published]').waitFor({ timeout: 30000 })
  const feeds = (await get(page, '/api/v1/transit/feeds')).body.feeds
  const active = feeds.find((f) => f.active)
  assert.equal(active.name, `porto-alegre-eptc-2019.zip · 路牌 ${date}`)
  assert.equal(feeds.length, 3)  // the import, the demo's published weekday, this one
  const said = await page.locator('[data-test=bk-published]').innerText()
  assert.ok(said.includes(active.name), said)
  assert.ok(said.includes(`${blocks.vehicles} 个路牌`), said)
  await page.screenshot({ path: join(outDir, 'transit-blocks-published-1440.png') })
  await page.done()
})

test('on a phone the 路牌 are a list, each opened to its trips', async () => {
  const page = await open({ width: 390, height: 844 })
  const { blocks } = await openBlocks(page)
  await page.locator('[data-test=bk-list]').waitFor()
  const b1 = blocks.blocks[0]
  await page.locator(`[data-test=bk-item-${b1.block_id}] .el-collapse-item__header`).click()
  await page.locator(`[data-test=bk-item-${b1.block_id}] .trip`).first().waitFor()
  assert.equal(await page.locator(`[data-test=bk-item-${b1.block_id}] .trip`).count(), b1.trips.length)
  await page.waitForTimeout(400)  // the item's opening animation
  const width = await page.evaluate(() => document.documentElement.scrollWidth)
  assert.ok(width <= 390, `page ${width}px wide`)
  await page.screenshot({ path: join(outDir, 'transit-blocks-390.png'), fullPage: true })
  await page.getByRole('radio', { name: '甘特图' }).check({ force: true })
  await page.locator('[data-test=bk-gantt] canvas').first().waitFor()
  await page.locator('[data-test=bk-gantt]').screenshot({ path: join(outDir, 'transit-blocks-gantt-390.png') })
  await page.done()
})

test('a dispatcher has no 路牌计划: no menu entry, the page and the API refused', async () => {
  const page = await open({ width: 1440, height: 900 }, 'gj_dd')
  await page.click('aside >> text=智能公交')
  await page.locator('aside >> text=调度台').waitFor()
  assert.equal(await page.locator('aside >> text=路牌计划').count(), 0)
  await page.goto(`${ctx.server.base}/transit/blocks`)
  await page.locator('h1.page-title', { hasText: '工作台' }).waitFor()
  const r = await get(page, '/api/v1/transit/scheduling/blocks?date=2019-07-11')
  assert.equal(r.status, 403)
  const csrf = (await get(page, '/api/v1/auth/me')).body.csrf_token
  const p = await page.evaluate(async (token) => (await fetch('/api/v1/transit/scheduling/blocks/publish?date=2019-07-11', { method: 'POST', headers: { 'X-CSRF-Token': token } })).status, csrf)
  assert.equal(p, 403)
  await page.done()
})
