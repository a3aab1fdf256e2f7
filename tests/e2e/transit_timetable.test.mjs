// 行车计划 in a real browser: the demo's month of trips performed (Porto Alegre's network) as a
// planner reads its running times by hour, then a timetable proposal from an illustrative demand
// table — the headways per period and the 运行图 — at 1440×900 and on a 390×844 phone.
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
  await page.locator('[data-test=tt-propose]').click()
  await page.locator('[data-test=tt-headways] .el-table__body tr').first().waitFor()
}

test('a planner reads the running times and gets a timetable with its 运行图', async () => {
  const page = await open({ width: 1440, height: 900 })
  await propose(page)
  assert.equal(await page.locator('[data-test=tt-headways] .el-table__body tr').count(), 5)
  const text = await page.locator('[data-test=tt-headways]').innerText()
  assert.match(text, /早高峰/)
  assert.match(text, /实绩分位数/)  // the demo's records give the running times
  const times = await page.locator('[data-test=tt-times] .time').allTextContents()
  assert.equal(times[0], '06:00')
  assert.equal(times.at(-1), '21:00')
  await page.locator('[data-test=tt-graph] canvas').waitFor()
  await page.screenshot({ path: join(outDir, 'transit-timetable-1440.png'), fullPage: true })
  await page.done()
})

test('the page reads on a phone', async () => {
  const page = await open({ width: 390, height: 844 })
  await propose(page)
  await page.locator('[data-test=tt-graph] canvas').waitFor()
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
