// 双随机、一公开 and the oversight figures in a real browser: an officer draws a plan and is told
// so, enters results from the page and publishes them; the public page shows them. The justice
// bureau's figures show "—" for a rate with nothing due (never 100 %).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { withServerAndBrowser, outDir, loginPage } from './harness.mjs'

const ctx = withServerAndBrowser()
const loginAs = (page, username) => loginPage(ctx, page, username)

test('an officer draws, enters a result from the page and publishes it to /gs', async () => {
  const page = await ctx.browser.newPage({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } })
  await loginAs(page, 'scjg_zf1')
  await page.goto(`${ctx.server.base}/enforcement/random`)
  await page.locator('input[data-test=matter], [data-test=matter] input').first().fill('食品经营者监督检查')
  await page.click('[data-test=draw]')
  await page.locator('.el-message--success', { hasText: '已抽取第' }).waitFor()
  const first = page.locator('[data-test=pick-result]').first()
  await first.click()
  await page.locator('.el-select-dropdown__item:visible', { hasText: '未发现问题' }).first().click()
  await page.locator('[data-test=save-result]').first().click()
  await page.locator('.el-message--success', { hasText: '检查结果' }).first().waitFor()
  const publish = page.locator('[data-test=publish-results]')
  assert.match(await publish.innerText(), /1 户/)
  await page.screenshot({ path: join(outDir, 'random-draw-results.png'), fullPage: true })
  await publish.click()
  await page.locator('.el-message-box__btns .el-button--primary').click()
  await page.locator('.el-message--success', { hasText: '检查结果已公示' }).waitFor()
  await page.close()

  const pub = await ctx.browser.newPage({ locale: 'zh-CN' })
  await pub.goto(`${ctx.server.base}/gs`)
  await pub.getByRole('tab', { name: '双随机抽查结果' }).click()
  await pub.getByText('未发现问题').first().waitFor()
  await pub.close()
})

test('the justice bureau sees "—" for rates with nothing due', async () => {
  const page = await ctx.browser.newPage({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } })
  await loginAs(page, 'sfj_jd')
  await page.goto(`${ctx.server.base}/enforcement/oversight`)
  await page.locator('[data-test=stat-cases]').waitFor()
  const text = await page.locator('.cards').innerText()
  assert.doesNotMatch(text, /100\.0%/)
  assert.match(text, /—\s*按时公示率（0\/0）/)
  await page.screenshot({ path: join(outDir, 'oversight-empty.png'), fullPage: true })
  await page.close()
})
