// 客流分析 in a real browser: the demo year's simulated flow day (zhengtong demo) as a planner
// sees it — 推断率, 非现金支付比例, 刷卡数, the hourly profile, a route's loads with the max-load
// point, the top OD (stops of one name told apart by their number; five rows and 展开全部 on a
// phone); then a small file of taps built from the day's stored stop visits uploaded,
// first with one bad row (refused, the row named), then whole; at 1440×900 and 390×844.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { withServerAndBrowser, loginPage, outDir } from './harness.mjs'

process.env.ZT_FLOW_TOKEN_SECRET = 'e2e-flow-token-secret-0123456789'
const ctx = withServerAndBrowser({ demoYear: true })

// Local (UTC+8) "YYYY-MM-DD HH:MM:SS" of an ISO time, shifted by `s` seconds.
const local = (iso, s) => new Date(Date.parse(iso) + (s + 8 * 3600) * 1000).toISOString().slice(0, 19).replace('T', ' ')

// Three taps at the first stop visits of one bus on 2024-09-18 (two cards, one cash rider).
async function tapsFile(page) {
  const r = await page.request.get(`${ctx.server.base}/api/v1/transit/kpi/tides/stop_visits.csv?date=2024-09-18`)
  assert.equal(r.status(), 200)
  const rows = (await r.text()).trim().split('\n').slice(1).map((l) => l.split(','))
  const bus = rows.find((c) => c[11])[4]
  const visits = rows.filter((c) => c[4] === bus && c[11]).slice(0, 3)
  assert.equal(visits.length, 3)
  const lines = ['交易时间,车辆编号,卡号,支付方式',
    `${local(visits[0][11], -20)},${bus},3101000099990001,交通一卡通`,
    `${local(visits[1][11], -20)},${bus},6222020099990002,二维码`,
    `${local(visits[2][11], -20)},${bus},,现金`]
  const dir = mkdtempSync(join(tmpdir(), 'zt-flow-'))
  const good = join(dir, 'taps.csv')
  const bad = join(dir, 'taps-bad.csv')
  writeFileSync(good, lines.join('\n') + '\n')
  writeFileSync(bad, [...lines, `2024-09-18 25:61:00,${bus},3101000099990003,交通一卡通`].join('\n') + '\n')
  return { good, bad }
}

async function open(viewport) {
  const context = await ctx.browser.newContext({ locale: 'zh-CN', viewport })
  const page = await context.newPage()
  await loginPage(ctx, page, 'jt_gh')
  await page.goto(`${ctx.server.base}/transit/flow`)
  await page.locator('[data-test=flow-figures]').waitFor()
  return { page, context }
}

test('a planner reads the demo day and uploads a day of taps', async () => {
  const { page, context } = await open({ width: 1440, height: 900 })
  assert.match(await page.locator('[data-test=fig-rate] .value').textContent(), /^\d+\.\d%$/)
  assert.match(await page.locator('[data-test=fig-noncash] .value').textContent(), /^\d+\.\d%$/)
  await page.locator('[data-test=flow-hourly] canvas').waitFor()
  await page.locator('[data-test=flow-loads] canvas').waitFor()
  await page.locator('[data-test=flow-max-load]').waitFor()
  const od = page.locator('[data-test=flow-od] .el-table__body tr')
  assert.ok(await od.count() > 5)
  // The demo day's OD has JOAO PESSOA → JOAO PESSOA between two stops: each shows its number.
  const pairs = await od.evaluateAll((trs) => trs.map((tr) => [...tr.cells].slice(1, 3).map((c) => c.innerText.trim())))
  assert.ok(pairs.some(([a]) => /^JOAO PESSOA（站 \d+）$/.test(a)), JSON.stringify(pairs))
  for (const [a, b] of pairs) assert.notEqual(a, b, 'an OD pair reads as one stop')
  assert.equal(await page.locator('[data-test=flow-od-more]').count(), 0)
  await page.screenshot({ path: join(outDir, 'transit-flow-1440.png'), fullPage: true })

  const files = await tapsFile(page)
  await page.locator('[data-test=flow-upload-date] input').fill('2024-09-18')
  await page.locator('[data-test=flow-upload-date] input').press('Enter')
  const input = '[data-test=flow-file] input[type=file]'
  assert.equal(await page.locator('[data-test=flow-file-name]').textContent(), '未选择文件')
  await page.locator(input).setInputFiles(files.bad)
  await page.locator('[data-test=flow-file-name]', { hasText: 'taps-bad.csv' }).waitFor()
  await page.locator('[data-test=flow-upload]').click()
  await page.locator('[data-test=flow-errors]', { hasText: '第5行' }).waitFor()
  await page.screenshot({ path: join(outDir, 'transit-flow-error-1440.png') })
  // A second file replaces the first (limit 1).
  await page.locator(input).setInputFiles(files.good)
  await page.locator('[data-test=flow-file-name]', { hasText: /^taps\.csv$/ }).waitFor()
  await page.locator('[data-test=flow-upload]').click()
  await page.locator('[data-test=fig-taps] .value', { hasText: /^3$/ }).waitFor()
  assert.match(await page.locator('[data-test=fig-noncash] .value').textContent(), /^\d+\.\d%$/)
  const text = await page.locator('body').innerText()
  assert.doesNotMatch(text, /3101000099990001|6222020099990002/)
  await page.close()
  await context.close()
})

test('the page reads on a phone', async () => {
  const { page, context } = await open({ width: 390, height: 844 })
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
  const width = await page.evaluate(() => document.documentElement.scrollWidth)
  assert.ok(width <= 391, `fits the phone (${width}px)`)
  await page.close()
  await context.close()
})
