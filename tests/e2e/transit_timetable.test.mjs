// 行车计划 in a real browser: the demo's month of trips performed (Porto Alegre's network) as a
// planner reads its running times by hour, then a timetable proposal from an illustrative demand
// table — the headways per period and the 运行图 (the route's stops as station lines, each trip
// through them) — at 1440×900 and on a 390×844 phone.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { withServerAndBrowser, loginPage, outDir } from './harness.mjs'

const ctx = withServerAndBrowser({ demoYear: true })

async function open(viewport) {
  const context = await ctx.browser.newContext({ locale: 'zh-CN', viewport })
  // The text the charts draw on their canvases, by the chart's data-test (the 运行图's stop names).
  await context.addInitScript(() => {
    const drawn = (window.__drawn = {})
    const fill = CanvasRenderingContext2D.prototype.fillText
    CanvasRenderingContext2D.prototype.fillText = function (text, ...rest) {
      const key = this.canvas.closest?.('[data-test]')?.dataset.test ?? ''
      ;(drawn[key] ??= new Set()).add(String(text))
      return fill.call(this, text, ...rest)
    }
  })
  const page = await context.newPage()
  const errors = []
  page.on('pageerror', (e) => errors.push(String(e)))
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()) })
  await loginPage(ctx, page, 'jt_gh')
  await page.goto(`${ctx.server.base}/transit/timetable`)
  // The route with the most completed trips is picked, named with its count.
  await page.waitForFunction(() => /\d+ 班/.test(document.querySelector('[data-test=tt-route]')?.innerText ?? ''))
  await page.locator('[data-test=tt-runchart] canvas').waitFor()
  page.done = async () => { await context.close(); assert.deepEqual(errors, [], 'console errors') }
  return page
}

async function propose(page) {
  await page.getByRole('button', { name: '生成示例需求' }).click()
  const answer = page.waitForResponse((r) => r.url().endsWith('/api/v1/transit/scheduling/timetable'))
  await page.locator('[data-test=tt-propose]').click()
  const body = await (await answer).json()
  await page.locator('[data-test=tt-headways] .el-table__body tr').first().waitFor()
  return body
}

// The route's stops in the answer: from 0 km and share 0 to share 1, in order along the route.
function checkStops(stops) {
  assert.ok(stops.length >= 2, `stops: ${JSON.stringify(stops)}`)
  assert.equal(stops[0].km, 0)
  assert.equal(stops[0].share, 0)
  assert.equal(stops.at(-1).share, 1)
  for (let i = 1; i < stops.length; i++) {
    assert.ok(stops[i].km >= stops[i - 1].km && stops[i].share >= stops[i - 1].share, `stop ${i}: ${JSON.stringify(stops[i])}`)
    assert.ok(stops[i].name, `stop ${i} has a name`)
  }
}

// The 运行图 labels a stop by its name, cut with … when it is longer than the margin.
async function assertLabelled(page, name) {
  await page.waitForFunction(() => window.__drawn['tt-graph']?.size > 0)
  const drawn = await page.evaluate(() => [...window.__drawn['tt-graph']])
  const shown = drawn.some((t) => t === name || (t.endsWith('…') && t.length > 3 && name.startsWith(t.slice(0, -1))))
  assert.ok(shown, `${name} among ${JSON.stringify(drawn.slice(0, 80))}`)
}

// Moves along a station line (y px below the chart's top) from x0 by dx until a trip's tooltip
// with `want` shows; its text.
async function tripTip(page, y, x0, dx, want) {
  await page.locator('[data-test=tt-graph]').scrollIntoViewIfNeeded()
  const box = await page.locator('[data-test=tt-graph]').boundingBox()
  const tip = page.locator('.tt-graph-tip')
  await page.mouse.move(box.x + box.width / 2, box.y - 40)  // off the chart: the last tooltip goes
  for (let x = x0(box); x > box.x && x < box.x + box.width; x += dx) {
    await page.mouse.move(x, box.y + y(box))
    if (await tip.isVisible() && want.test(await tip.innerText())) return tip.innerText()
  }
  assert.fail(`no tooltip ${want}`)
}

test('a planner reads the running times and gets a timetable with its 运行图', async () => {
  const page = await open({ width: 1440, height: 900 })
  const body = await propose(page)
  assert.equal(await page.locator('[data-test=tt-headways] .el-table__body tr').count(), 5)
  const text = await page.locator('[data-test=tt-headways]').innerText()
  assert.match(text, /早高峰/)
  assert.match(text, /实绩分位数/)  // the demo's records give the running times
  const times = await page.locator('[data-test=tt-times] .time').allTextContents()
  assert.equal(times[0], '06:00')
  assert.equal(times.at(-1), '21:00')
  // The 运行图: the route's stops from the feed, the first and last labelled on their lines.
  checkStops(body.stops)
  const graph = page.locator('[data-test=tt-graph]')
  await graph.locator('canvas').first().waitFor()
  await assertLabelled(page, body.stops[0].name)
  await assertLabelled(page, body.stops.at(-1).name)
  assert.equal(await page.locator('[data-test=tt-graph-view] .is-active').innerText(), '全日')
  // The first trip found on the first stop's line (the plot's top, 36 px down) by its tooltip,
  // the last one on the last stop's line (64 px above the bottom: the time axis and slider).
  const first = body.trips[0]
  const top = await tripTip(page, () => 36, (b) => b.x + 20, 2, /第 1 班/)
  assert.ok(top.includes(`发车 ${first.departure}`) && top.includes(`到达 ${first.arrival}`), top)
  assert.ok(top.includes(`${body.stops[0].name} ${first.departure}`), top)
  await page.locator('.el-card', { has: graph }).screenshot({ path: join(outDir, 'transit-timetable-graph-tip-1440.png') })
  const end = body.trips.at(-1)
  const bottom = await tripTip(page, (b) => b.height - 64, (b) => b.x + b.width - 20, -2, new RegExp(`第 ${end.seq} 班`))
  assert.ok(bottom.includes(`${body.stops.at(-1).name} ${end.arrival}`), bottom)
  await page.mouse.move(0, 0)
  await page.waitForTimeout(300)
  await page.locator('.el-card', { has: graph }).screenshot({ path: join(outDir, 'transit-timetable-graph-1440.png') })
  await page.screenshot({ path: join(outDir, 'transit-timetable-1440.png'), fullPage: true })
  await page.done()
})

test('the page reads on a phone', async () => {
  const page = await open({ width: 390, height: 844 })
  const body = await propose(page)
  const graph = page.locator('[data-test=tt-graph]')
  await graph.locator('canvas').first().waitFor()
  await assertLabelled(page, body.stops[0].name)
  await assertLabelled(page, body.stops.at(-1).name)
  // A day is too dense for 390 px: the chart opens on the busiest period.
  const busiest = body.periods.reduce((a, b) => (b.frequency > a.frequency ? b : a))
  assert.equal(await page.locator('[data-test=tt-graph-view] .is-active').innerText(), busiest.name)
  await graph.scrollIntoViewIfNeeded()
  await page.waitForTimeout(300)
  await page.locator('.el-card', { has: graph }).screenshot({ path: join(outDir, 'transit-timetable-graph-390.png') })
  await page.screenshot({ path: join(outDir, 'transit-timetable-390.png'), fullPage: true })
  await page.done()
})

test('a proposal takes its loads from the stored passenger-flow day', async () => {
  const page = await open({ width: 1440, height: 900 })
  await page.locator('[data-test=tt-demand-source]').click()
  await page.locator('.el-select-dropdown__item', { hasText: '客流分析' }).first().click()
  assert.equal(await page.locator('[data-test=tt-demand]').count(), 0)  // no table to upload
  const answer = page.waitForResponse((r) => r.url().endsWith('/api/v1/transit/scheduling/timetable'))
  await page.locator('[data-test=tt-propose]').click()
  const body = await (await answer).json()
  assert.match(body.demand_source, /^flow:\d{4}-\d{2}-\d{2}$/)
  await page.locator('[data-test=tt-headways] .el-table__body tr').first().waitFor()
  assert.equal(await page.locator('[data-test=tt-headways] .el-table__body tr').count(), 5)
  await page.screenshot({ path: join(outDir, 'transit-timetable-flow-1440.png'), fullPage: true })
  await page.done()
})

// Last: it changes the network the other tests read.
test('the planner publishes the proposal as a new feed version', async () => {
  const page = await open({ width: 1440, height: 900 })
  await propose(page)
  const times = await page.locator('[data-test=tt-times] .time').count()
  await page.locator('[data-test=tt-publish]').click()
  const box = page.locator('.el-message-box')
  await box.waitFor()
  assert.match(await box.innerText(), /生成新的线网数据版本/)
  await box.getByRole('button', { name: '发布' }).click()
  const done = page.locator('[data-test=tt-published]')
  await done.waitFor()
  assert.match(await done.innerText(), new RegExp(`新增 ${times} 个`))
  const feeds = await page.evaluate(async () => {
    const r = await fetch('/api/v1/transit/feeds')
    return JSON.parse(await r.text())
  })
  const active = feeds.feeds.find((f) => f.active)
  assert.match(active.name, /行车计划 .+(上行|下行) \d{4}-\d{2}-\d{2}$/)
  await page.screenshot({ path: join(outDir, 'transit-timetable-published-1440.png'), fullPage: true })
  await page.done()
})
