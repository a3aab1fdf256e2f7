// 督查督办 in a real browser: the office sees the whole imported ledger; a unit's reporter sees
// only the tasks their unit leads or cooperates on.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { startServer, launchBrowser, outDir } from './harness.mjs'

let server
let browser

before(async () => {
  server = await startServer()
  browser = await launchBrowser()
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

async function openLedger(username) {
  const page = await browser.newPage({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } })
  await page.goto(`${server.base}/login`)
  await page.fill('input[name=username]', username)
  await page.fill('input[name=password]', 'Zhengtong@2024')
  await page.click('button.login-button')
  await page.locator('h1.page-title', { hasText: '工作台' }).waitFor()
  await page.click('aside >> text=督查督办')
  await page.locator('[data-test=task-table] .el-table__row').first().waitFor()
  return page
}

test('the office sees all 86 tasks of 三政办〔2024〕4号', async () => {
  const page = await openLedger('ducha')
  assert.equal(await page.locator('[data-test=task-count]').innerText(), '共 86 项')
  assert.match(await page.locator('.notices').innerText(), /三政办〔2024〕4号/)
  await page.screenshot({ path: join(outDir, 'supervision-office.png'), fullPage: false })
  await page.close()
})

test('a reporter of 市发展改革委 sees only that unit\'s tasks', async () => {
  const page = await openLedger('fgw_tb')
  const count = Number((await page.locator('[data-test=task-count]').innerText()).match(/\d+/)[0])
  assert.ok(count > 0 && count < 86, `count ${count}`)
  const units = await page.locator('[data-test=task-table] .el-table__body').innerText()
  assert.match(units, /市发展改革委/)
  await page.screenshot({ path: join(outDir, 'supervision-reporter.png'), fullPage: false })
  await page.close()
})
