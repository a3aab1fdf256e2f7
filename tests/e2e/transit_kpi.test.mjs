// 运营指标 in a real browser: the demo's month of operations records (simulated visits on Porto
// Alegre's network, 2024-08-21 to 09-19) as a dispatcher sees them — the figures, the daily trend,
// the table by route — and a figure opened down to the trips that counted; at 1440×900 and on a
// 390×844 phone, with screenshots.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { withServerAndBrowser, loginPage, outDir } from './harness.mjs'

const ctx = withServerAndBrowser({ demoYear: true })

async function open(viewport) {
  const context = await ctx.browser.newContext({ locale: 'zh-CN', viewport })
  const page = await context.newPage()
  const errors = []
  page.on('pageerror', (e) => errors.push(String(e)))
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()) })
  await loginPage(ctx, page, 'gj_dd')
  await page.goto(`${ctx.server.base}/transit/kpi`)
  await page.locator('[data-test=kpi-figures]').waitFor()
  page.done = async () => { await context.close(); assert.deepEqual(errors, [], 'console errors') }
  return page
}

test('a dispatcher reads the month and opens a figure down to its trips', async () => {
  const page = await open({ width: 1440, height: 900 })
  // The demo's today is 2024-09-20: September's 19 recorded days.
  await page.locator('.scope', { hasText: '19 个运营日' }).waitFor()
  const rate = await page.locator('[data-test=fig-on-time] .value').textContent()
  assert.match(rate, /^\d+\.\d%$/)
  const rows = await page.locator('[data-test=kpi-routes] .el-table__body tr').count()
  assert.ok(rows > 10, `${rows} routes`)
  await page.locator('[data-test=kpi-trend] canvas').waitFor()
  await page.screenshot({ path: join(outDir, 'transit-kpi-1440.png') })
  // 晚发 of the first route: each trip listed is late.
  await page.locator('[data-test=kpi-routes] .el-table__body tr').first().locator('td').nth(6).locator('a').click()
  await page.locator('[data-test=kpi-trip-table] .el-table__body tr').first().waitFor()
  const tags = await page.locator('[data-test=kpi-trip-table] .el-tag').allTextContents()
  assert.ok(tags.length > 0 && tags.every((t) => t.trim() === '晚发'), tags.join(','))
  await page.screenshot({ path: join(outDir, 'transit-kpi-trips-1440.png') })
  const text = await page.locator('body').innerText()
  assert.doesNotMatch(text, /departure_|on_time|not_judged|completed|cancelled/)
  await page.done()
})

test('the page reads on a phone', async () => {
  const page = await open({ width: 390, height: 844 })
  await page.locator('[data-test=fig-speed] .value').waitFor()
  await page.screenshot({ path: join(outDir, 'transit-kpi-390.png'), fullPage: true })
  await page.done()
})

test('live prediction accuracy and forecast coverage by stop for the month', async () => {
  const page = await open({ width: 1440, height: 900 })
  const score = page.locator('[data-test=kpi-accuracy-score]')
  await score.waitFor()
  assert.match(await score.textContent(), /综合得分 \d+\.\d%/)
  await page.locator('[data-test=kpi-accuracy-hours] canvas').waitFor()
  const routes = await page.locator('[data-test=kpi-accuracy-routes] .el-table__body tr').count()
  assert.ok(routes > 10, `${routes} routes judged`)
  await page.locator('[data-test=kpi-accuracy]').scrollIntoViewIfNeeded()
  await page.locator('[data-test=kpi-accuracy]').screenshot({ path: join(outDir, 'transit-kpi-accuracy-1440.png') })
  // Forecast coverage by stop: the share, the stops never covered, markers on the map, worst first.
  await page.locator('[data-test=kpi-forecast-share]').waitFor()
  assert.match(await page.locator('[data-test=kpi-never-count]').textContent(), /从未覆盖 \d+ 个/)
  const markers = await page.locator('[data-test=kpi-forecast-map] path.leaflet-interactive').count()
  assert.ok(markers > 100, `${markers} stop markers`)
  const first = await page.locator('[data-test=kpi-forecast-stops] .el-table__body tr').first().locator('td').nth(3).textContent()
  assert.equal(first.trim(), '0.0%')
  await page.locator('[data-test=kpi-forecast]').scrollIntoViewIfNeeded()
  await page.locator('[data-test=kpi-forecast]').screenshot({ path: join(outDir, 'transit-kpi-forecast-1440.png') })
  await page.done()
})

test('the year by month and by company, and one day', async () => {
  const page = await open({ width: 1440, height: 900 })
  await page.locator('[data-test=kpi-period] label', { hasText: '年' }).click()
  await page.locator('.scope', { hasText: '2024 年' }).waitFor()
  await page.locator('.el-card__header', { hasText: '每月趋势' }).waitFor()
  // The demo's 30 days run from August into September.
  await page.locator('.scope', { hasText: '30 个运营日' }).waitFor()
  const companies = await page.locator('[data-test=kpi-agencies] .el-table__body tr').count()
  assert.ok(companies >= 1, `${companies} companies`)
  assert.match(await page.locator('[data-test=kpi-xlsx]').getAttribute('href'), /\/kpi\/years\/2024\/xlsx/)
  await page.screenshot({ path: join(outDir, 'transit-kpi-year-1440.png'), fullPage: true })
  await page.locator('[data-test=kpi-period] label', { hasText: '日' }).click()
  const picker = page.locator('.toolbar .el-date-editor input').first()
  await picker.fill('2024-09-18')
  await picker.press('Enter')
  await page.locator('.scope', { hasText: '2024-09-18' }).waitFor()
  await page.locator('[data-test=kpi-accuracy-score]').waitFor()
  await page.done()
})

test('the live sections read on a phone', async () => {
  const page = await open({ width: 390, height: 844 })
  await page.locator('[data-test=kpi-forecast-share]').waitFor()
  await page.locator('[data-test=kpi-accuracy]').scrollIntoViewIfNeeded()
  await page.locator('[data-test=kpi-accuracy]').screenshot({ path: join(outDir, 'transit-kpi-accuracy-390.png') })
  await page.locator('[data-test=kpi-forecast]').scrollIntoViewIfNeeded()
  await page.locator('[data-test=kpi-forecast]').screenshot({ path: join(outDir, 'transit-kpi-forecast-390.png') })
  const width = await page.evaluate(() => document.documentElement.scrollWidth)
  assert.ok(width <= 390, `page is ${width}px wide`)
  await page.done()
})
