// The plan's numeric targets filled by the system, in the demo year (today 2024-09-20; the demo
// records a month of simulated bus operations and a year of enforcement cases): the office's
// 督查看板 shows 发车正点率 and the other measured targets with their figures marked
// 「系统自动采集」, the query on hover and the monthly trend when a row is expanded; the month's
// 通报 lists them; at 1440×900 and on a 390×844 phone, with screenshots.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { withServerAndBrowser, loginPage, outDir } from './harness.mjs'

const ctx = withServerAndBrowser({ demoYear: true })
const desktop = { width: 1440, height: 900 }
const phone = { width: 390, height: 844 }

async function dashboard(viewport) {
  const page = await ctx.browser.newPage({ locale: 'zh-CN', viewport })
  await loginPage(ctx, page, 'ducha')
  await page.goto(`${ctx.server.base}/supervision/dashboard`)
  await page.locator('[data-test=target-table] .el-table__row').first().waitFor()
  await page.click('[data-test=target-system-only]')
  await page.locator('[data-test=target-table] [data-test=system-figure]').first().waitFor()
  return page
}

test('the dashboard shows the automatic figures with their query and trend', async () => {
  const res = await fetch(`${ctx.server.base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'ducha', password: 'Zhengtong@2024', token_type: 'bearer' }),
  })
  const { token } = await res.json()
  const d = await (await fetch(`${ctx.server.base}/api/v1/supervision/dashboard?year=2024`, { headers: { Authorization: `Bearer ${token}` } })).json()
  const ontime = d.targets.find((t) => t.indicator === '发车正点率')
  assert.ok(ontime, 'the 发车正点率 target')
  assert.equal(ontime.latest?.source, 'system', JSON.stringify(ontime))
  assert.equal(ontime.latest.period, '2024-09')
  assert.match(ontime.latest.query, /tr_trips_performed/)
  // August (from the 21st) and September to date.
  assert.deepEqual(ontime.trend.map((f) => f.period), ['2024-08', '2024-09'])
  const speed = d.targets.find((t) => t.indicator.includes('时速'))
  // The demo's feed runs 11:00-17:00 only; the simulated days add runs in the peaks (demo_days).
  assert.equal(speed?.latest?.source, 'system', `speed target without an automatic figure: ${JSON.stringify(speed).slice(0, 300)}`)
  assert.equal(speed.latest.period, '2024-09')
  assert.ok(speed.latest.value > 5 && speed.latest.value < 60, `peak speed ${speed.latest.value} km/h`)
  assert.match(speed.latest.query, /早晚高峰 07:00-09:00、17:00-19:00/)
  // Forecast coverage of August too, from its stored days.
  const forecast = d.targets.find((t) => t.indicator.includes('预报覆盖率'))
  assert.deepEqual(forecast?.trend?.map((f) => f.period), ['2024-08', '2024-09'], JSON.stringify(forecast).slice(0, 300))

  const page = await dashboard(desktop)
  const row = page.locator('[data-test=target-table] .el-table__body .el-table__row', { hasText: '发车正点率' }).first()
  await row.scrollIntoViewIfNeeded()
  assert.match(await row.innerText(), /系统自动采集/)
  assert.match(await row.innerText(), /2024-09/)
  // The query on hover.
  await row.locator('.source').hover()
  const tip = page.locator('.query-tip:visible')
  await tip.waitFor()
  assert.match(await tip.innerText(), /运营记录（路单）/)
  await page.screenshot({ path: join(outDir, 'sv-dashboard-system-figures.png') })
  // Expanded: the monthly trend with each month's query.
  await row.locator('.el-table__expand-icon').click()
  const trend = page.locator('[data-test=target-trend]').first()
  await trend.waitFor()
  assert.equal(await trend.locator('[data-test=trend-query]').count(), 2)
  await trend.scrollIntoViewIfNeeded()
  await page.screenshot({ path: join(outDir, 'sv-dashboard-system-trend.png') })
  await page.close()
})

test('on a phone the figures fit the screen', async () => {
  const page = await dashboard(phone)
  const row = page.locator('[data-test=target-table] .el-table__body .el-table__row', { hasText: '发车正点率' }).first()
  await row.scrollIntoViewIfNeeded()
  const width = await page.evaluate(() => document.documentElement.scrollWidth)
  assert.ok(width <= 390 + 1, `page is ${width}px wide`)
  await page.screenshot({ path: join(outDir, 'sv-dashboard-system-figures-phone.png') })
  await page.close()
})

test('the month\'s bulletin lists the targets with their source', async () => {
  const page = await ctx.browser.newPage({ locale: 'zh-CN', viewport: desktop })
  await loginPage(ctx, page, 'ducha')
  await page.goto(`${ctx.server.base}/supervision/bulletin`)
  await page.locator('[data-test=bulletin-table]').waitFor()
  await page.click('[data-test=bulletin-period]')
  await page.locator('.el-select-dropdown__item:visible', { hasText: '2024年8月' }).first().click()
  const targets = page.locator('[data-test=bulletin-targets]')
  await targets.waitFor()
  assert.match(await targets.innerText(), /发车正点率/)
  assert.ok(await targets.locator('[data-test=bulletin-system-figure]').count() >= 1)
  await targets.scrollIntoViewIfNeeded()
  await page.screenshot({ path: join(outDir, 'sv-bulletin-targets.png') })
  await page.close()
})
