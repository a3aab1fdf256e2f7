// 智能公交 in a real browser: a planner validates a GTFS feed, sees its figures, imports it, and the
// version list shows it in use.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { withServerAndBrowser, outDir, root } from './harness.mjs'

const ctx = withServerAndBrowser()

test('a planner validates and imports a GTFS feed', async () => {
  const page = await ctx.browser.newPage({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } })
  await page.goto(`${ctx.server.base}/login`)
  await page.fill('input[name=username]', 'jt_gh')
  await page.fill('input[name=password]', 'Zhengtong@2024')
  await page.click('button.login-button')
  await page.locator('h1.page-title', { hasText: '工作台' }).waitFor()
  await page.click('aside >> text=智能公交')
  await page.click('aside >> text=线网数据')
  await page.locator('[data-test=gtfs-file]').setInputFiles(join(root, '..', 'shared', 'data', 'gtfs', 'cairns-2014.zip'))
  await page.click('[data-test=gtfs-validate]')
  const summary = page.locator('[data-test=gtfs-summary]')
  await summary.waitFor()
  assert.match(await summary.innerText(), /37790/)
  await page.click('[data-test=gtfs-import]')
  await page.locator('[data-test=feed-table] .el-table__row', { hasText: 'cairns-2014.zip' }).locator('text=使用中').waitFor()
  await page.screenshot({ path: join(outDir, 'transit-feeds.png'), fullPage: true })
  await page.close()
})
