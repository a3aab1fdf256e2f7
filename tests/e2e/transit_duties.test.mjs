// 司机排班 in a real browser: on the demo city's network (Porto Alegre, a 2019 feed under a 2024
// clock) a planner opens the page from the menu, generates the day's driver duties for the route
// it opens on, reads the figures, the Gantt chart and the duty sheet the API gives, downloads the
// workbook and the ODS files, and sees rules that cannot be met refused in Chinese; on a phone the
// duties are a list; a dispatcher has no such page.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { withServerAndBrowser, loginPage, outDir } from './harness.mjs'

const ctx = withServerAndBrowser({ demoYear: true })

async function open(viewport, user = 'jt_gh') {
  const context = await ctx.browser.newContext({ locale: 'zh-CN', viewport, acceptDownloads: true })
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

const figure = async (page, name) => (await page.locator(`[data-test=fig-${name}] .value`).innerText()).trim()
const hhmm = (t) => {
  const [h, m] = t.split(':').map(Number)
  return `${h >= 24 ? '次日' : ''}${String(h % 24).padStart(2, '0')}:${String(m).padStart(2, '0')}`
}

// The route the page opens on: the one with the most trips in the feed.
async function firstRoute(page) {
  const routes = (await get(page, '/api/v1/transit/network')).body.routes
  return routes.reduce((a, b) => (b.trips > a.trips ? b : a))
}

// Generates with the form as it stands; the duties the API gives for the page's query.
async function generate(page) {
  await page.locator('[data-test=dt-routes] .el-select__selected-item .el-tag').first().waitFor()
  await page.locator('[data-test=dt-run]').click()
  await page.locator('[data-test=dt-figures]').waitFor({ timeout: 30000 })
  const query = (await page.locator('[data-test=dt-xlsx]').getAttribute('href')).split('?')[1]
  const api = await get(page, `/api/v1/transit/scheduling/duties?${query}`)
  assert.equal(api.status, 200, JSON.stringify(api.body))
  return { query, duties: api.body }
}

async function download(page, selector) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.locator(selector).click()])
  return readFileSync(await file.path())
}

test('a planner generates the day\'s 司机班 for a route, reads them and downloads the sheet', async () => {
  const page = await open({ width: 1440, height: 900 })
  await page.click('aside >> text=智能公交')
  await page.locator('aside >> text=司机排班').click()
  await page.locator('h1.page-title', { hasText: '司机排班' }).waitFor()
  const route = await firstRoute(page)
  const { query, duties } = await generate(page)
  const params = new URLSearchParams(query)
  assert.match(params.get('date'), /^2019-0[4-7]-\d\d$/)
  assert.equal(params.get('routes'), route.route_id)
  for (const [k, v] of Object.entries({ min_layover: '5', max_deadhead: '1500', max_continuous_driving: '240', min_break: '20', max_driving: '540', max_spread: '720', max_pieces: '3', allow_split: '1', objective: 'duties' }))
    assert.equal(params.get(k), v, k)
  assert.deepEqual(duties.routes, [route.route_id])

  const s = duties.summary
  assert.ok(s.trips > 0 && s.duties > 0, JSON.stringify(s))
  assert.equal(await figure(page, 'duties'), String(s.duties))
  assert.equal(await figure(page, 'vehicles'), String(s.vehicles))
  assert.equal(await figure(page, 'trips'), String(s.trips))
  assert.equal(await figure(page, 'paid_hours'), s.paid_hours.toFixed(1))
  assert.equal(await figure(page, 'candidates'), String(s.candidates))
  assert.equal(await figure(page, 'optimal'), s.optimal ? '已证明最优' : '未证明')
  assert.match(await page.locator('[data-test=fig-optimal]').innerText(), new RegExp(`下界 ${s.bound}`))
  assert.match(await figure(page, 'seconds'), /^(<0\.01|\d+\.\d{1,2})$/)  // a timing: each solve its own
  assert.equal(await figure(page, 'method'), { enumeration: '全枚举', column_generation: '列生成' }[s.method])
  assert.equal(duties.duties.length, s.duties)

  // The Gantt chart, and the first duty's first piece found along its row by its tooltip.
  const canvas = page.locator('[data-test=dt-gantt] canvas').first()
  await canvas.waitFor()
  const d1 = duties.duties[0]
  const box = await canvas.boundingBox()
  const y = box.y + 28 + (box.height - 84) / Math.min(30, s.duties) / 2
  const tip = page.locator('.dt-tip')
  let shown = false
  for (let x = box.x + 60; x < box.x + box.width - 40 && !shown; x += 6) {
    await page.mouse.move(x, y)
    shown = await tip.isVisible() && /路牌/.test(await tip.innerText())
  }
  assert.ok(shown, 'a piece tooltip')
  const text = await tip.innerText()
  const p1 = d1.pieces[0]
  assert.ok(text.includes(`${d1.duty_id} 第 1 段 · 路牌 ${p1.block_id}`), text)
  assert.ok(text.includes(`${p1.trips[0].route_short_name} 路 ${hhmm(p1.trips[0].start)}`), text)
  await page.screenshot({ path: join(outDir, 'transit-duties-tooltip-1440.png') })

  // The duty sheet: a row per duty, its hours and 路牌.
  const rows = page.locator('[data-test=dt-table] .el-table__body-wrapper tbody tr')
  assert.equal(await rows.count(), s.duties)
  const row1 = await rows.first().innerText()
  assert.ok(row1.includes(d1.duty_id) && row1.includes(hhmm(d1.sign_on)) && row1.includes(hhmm(d1.sign_off)), row1)
  assert.ok(row1.includes(p1.block_id), row1)
  await page.mouse.move(0, 0)
  await tip.waitFor({ state: 'hidden' })
  await page.screenshot({ path: join(outDir, 'transit-duties-1440.png'), fullPage: true })

  // The workbook and the ODS files, for the same query.
  assert.equal((await download(page, '[data-test=dt-xlsx]')).subarray(0, 2).toString(), 'PK')
  assert.equal((await download(page, '[data-test=dt-ods]')).subarray(0, 2).toString(), 'PK')

  // Rules no trip can meet (every trip of the route drives longer than 30 minutes) are refused,
  // in Chinese, and the API says so for the same query.
  await page.locator('[data-test=dt-rules] .el-collapse-item__header').click()
  const continuous = page.locator('[data-test=dt-continuous] input')
  await continuous.fill('30')
  await continuous.blur()
  await page.locator('[data-test=dt-run]').click()
  await page.locator('[data-test=dt-error]').waitFor({ timeout: 30000 })
  const refused = await get(page, `/api/v1/transit/scheduling/duties?${query.replace('max_continuous_driving=240', 'max_continuous_driving=30')}`)
  assert.equal(refused.status, 422)
  assert.ok(['duty_trip_too_long', 'duty_candidates_limit'].includes(refused.body.error.rule ?? refused.body.error.code), JSON.stringify(refused.body))
  const said = await page.locator('[data-test=dt-error]').innerText()
  assert.ok(said.includes(refused.body.error.message), said)
  assert.match(said, /[\u4e00-\u9fff]/)
  assert.equal(await page.locator('[data-test=dt-figures]').count(), 0)
  await page.screenshot({ path: join(outDir, 'transit-duties-refused-1440.png') })
  await page.done()
})

test('on a phone the 司机班 are a list, each opened to its pieces', async () => {
  const page = await open({ width: 390, height: 844 })
  await page.goto(`${ctx.server.base}/transit/duties`)
  const { duties } = await generate(page)
  await page.locator('[data-test=dt-list]').waitFor()
  assert.equal(await page.locator('[data-test=dt-gantt]').count(), 0)
  const d1 = duties.duties[0]
  await page.locator(`[data-test=dt-item-${d1.duty_id}] .el-collapse-item__header`).click()
  await page.locator(`[data-test=dt-item-${d1.duty_id}] .piece`).first().waitFor()
  assert.equal(await page.locator(`[data-test=dt-item-${d1.duty_id}] .piece`).count(), d1.pieces.length)
  await page.waitForTimeout(400)  // the item's opening animation
  const width = await page.evaluate(() => document.documentElement.scrollWidth)
  assert.ok(width <= 390, `page ${width}px wide`)
  await page.screenshot({ path: join(outDir, 'transit-duties-390.png'), fullPage: true })
  await page.done()
})

test('a dispatcher has no 司机排班: no menu entry, the page and the API refused', async () => {
  const page = await open({ width: 1440, height: 900 }, 'gj_dd')
  await page.click('aside >> text=智能公交')
  await page.locator('aside >> text=调度台').waitFor()
  assert.equal(await page.locator('aside >> text=司机排班').count(), 0)
  await page.goto(`${ctx.server.base}/transit/duties`)
  await page.locator('h1.page-title', { hasText: '工作台' }).waitFor()
  const r = await get(page, '/api/v1/transit/scheduling/duties?date=2019-07-11')
  assert.equal(r.status, 403)
  await page.done()
})
