// 督查督办 in a real browser: the office sees the whole imported ledger; a unit's reporter sees
// only the tasks their unit leads or cooperates on.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { withServerAndBrowser, outDir } from './harness.mjs'

const ctx = withServerAndBrowser()

async function login(username) {
  const page = await ctx.browser.newPage({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } })
  await page.goto(`${ctx.server.base}/login`)
  await page.fill('input[name=username]', username)
  await page.fill('input[name=password]', 'Zhengtong@2024')
  await page.click('button.login-button')
  await page.locator('h1.page-title', { hasText: '工作台' }).waitFor()
  return page
}

async function openLedger(username) {
  const page = await login(username)
  await page.click('aside >> text=督查督办')
  await page.click('aside >> text=重点工作台账')
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

test('a reporter\'s home page lists overdue reports to file', async () => {
  const page = await login('fgw_tb')
  const todo = page.locator('[data-test=todo]')
  await todo.waitFor()
  // The demo plan is for 2024, so every 市发展改革委 slot is overdue by now.
  assert.match(await todo.innerText(), /待办报送/)
  assert.ok((await todo.locator('.el-table__row').count()) > 0)
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

test('a reporter files March\'s report and the office sees it in the month\'s bulletin', async () => {
  const page = await login('fgw_tb')
  await page.goto(`${ctx.server.base}/supervision/reports`)
  await page.locator('[data-test=slot-table] .el-table__row').first().waitFor()
  // March 2024, the first period of the plan.
  await page.click('[data-test=period]')
  await page.locator('.el-select-dropdown__item', { hasText: '2024年3月' }).click()
  const first = page.locator('[data-test=slot-table] .el-table__body .el-table__row').first()
  await first.locator('text=未报').waitFor()
  await first.locator('[data-test=file]').click()
  await page.fill('textarea[name=progress]', '完成项目前期手续，开工建设3个百亿元以上项目。')
  await page.locator('.el-radio-button', { hasText: '正常推进' }).click()
  await page.click('[data-test=submit-report]')
  // Filed now, long after 2024-03-25: the server records it as late.
  await first.locator('[data-test=slot-state]', { hasText: '迟报' }).waitFor()
  await page.screenshot({ path: join(outDir, 'report-filed.png') })
  await page.close()

  const office = await login('ducha')
  await office.goto(`${ctx.server.base}/supervision/bulletin`)
  await office.locator('[data-test=bulletin-table] .el-table__row').first().waitFor()
  // The page opens on the latest past period (the server's clock is in 2026): choose March.
  await office.click('[data-test=bulletin-period]')
  await office.locator('.el-select-dropdown__item', { hasText: '2024年3月' }).click()
  await office.locator('[data-test=bulletin-summary]', { hasText: '已报 1 项' }).waitFor()
  const table = await office.locator('[data-test=bulletin-table]').innerText()
  assert.match(table, /三门峡市发展和改革委员会/)
  const summary = await office.locator('[data-test=bulletin-summary]').innerText()
  assert.match(summary, /已报 1 项/)
  await office.screenshot({ path: join(outDir, 'bulletin-office.png'), fullPage: true })
  // The printable page is an official-looking 通报.
  const html = await office.evaluate(async () => (await fetch('/api/v1/supervision/bulletins/2024-03/print')).text())
  assert.match(html, /关于2024年3月重点工作进展情况的通报/)
  await office.close()
})

test('the office previews a notice, sees its tasks, and imports it once', async () => {
  const notice = [
    '# 三门峡市人民政府办公室关于明确补充重点工作责任单位的通知',
    '三政办〔2024〕21号',
    '二、重点工作分工',
    '（一）优化营商环境',
    '1. 推行“高效办成一件事”。（市政务和大数据局牵头，市发展改革委，各县〔市、区〕政府配合）',
    '三门峡市人民政府办公室',
    '2024年5月6日',
  ].join('\n')
  const page = await login('ducha')
  await page.goto(`${ctx.server.base}/supervision/import`)
  await page.locator('textarea[data-test=gazette-text], [data-test=gazette-text] textarea').first().fill(notice)
  await page.click('[data-test=preview]')
  const summary = page.locator('[data-test=preview-summary]')
  await summary.waitFor()
  assert.match(await summary.innerText(), /三政办〔2024〕21号/)
  assert.match(await page.locator('.result .el-table').innerText(), /市政务和大数据局/)
  await page.screenshot({ path: join(outDir, 'import-preview.png') })
  await page.click('[data-test=confirm-import]')
  await page.locator('.el-message--success').waitFor()
  // The imported task is on the ledger.
  await page.goto(`${ctx.server.base}/supervision`)
  await page.locator('[data-test=task-table] .el-table__row').first().waitFor()
  assert.equal(await page.locator('[data-test=task-count]').innerText(), '共 87 项')
  await page.close()
})

// The notice as a printed PDF (running header, footer, page numbers, wrapped lines): the preview
// knows it as the notice the demo imported from the text, every unit in it already known.
test('the office previews a notice from a PDF', async () => {
  const page = await login('ducha')
  await page.goto(`${ctx.server.base}/supervision/import`)
  await page.locator('input[data-test=gazette-file]').setInputFiles(join(import.meta.dirname, '../supervision/seed-notice-4.pdf'))
  await page.click('[data-test=preview]')
  const summary = page.locator('[data-test=preview-summary]')
  await summary.waitFor()
  const text = await summary.innerText()
  assert.match(text, /三政办〔2024〕4号/)
  assert.match(text, /已存在的通知\s+1/)
  assert.match(text, /新建单位\s+0/)
  await page.screenshot({ path: join(outDir, 'import-preview-pdf.png') })
  await page.close()
})

test('the office\'s dashboard charts filing, sections, targets and overdue commitments', async () => {
  const page = await login('ducha')
  await page.click('aside >> text=督查督办')
  await page.click('aside >> text=督查看板')
  await page.locator('[data-test=chart-filing] canvas').first().waitFor()
  await page.locator('[data-test=chart-sections] canvas').first().waitFor()
  // The demo is 2024's plan: its dated commitments are long past.
  const overdue = Number((await page.locator('[data-test=overdue-count]').innerText()).match(/\d+/)[0])
  assert.ok(overdue > 0, `overdue ${overdue}`)
  await page.locator('input[data-test=target-query]').fill('生产总值')
  await page.locator('[data-test=target-table] .el-table__row', { hasText: '生产总值' }).first().waitFor()
  await page.screenshot({ path: join(outDir, 'supervision-dashboard.png'), fullPage: true })
  await page.close()
})

test('the office records an inspection and the lead unit sees it to rectify', async () => {
  const page = await login('ducha')
  await page.goto(`${ctx.server.base}/supervision/inspections`)
  await page.click('[data-test=new-inspection]')
  await page.click('[data-test=inspection-task]')
  await page.keyboard.type('高新技术企业')
  await page.locator('.el-select-dropdown__item:visible').first().click()
  await page.locator('textarea[data-test=findings]').fill('高新技术企业培育台账未按月更新')
  await page.locator('input[placeholder=督查日期]').fill('2024-05-06')
  await page.keyboard.press('Enter')
  await page.locator('input[placeholder=整改期限]').fill('2024-05-31')
  await page.keyboard.press('Enter')
  await page.click('[data-test=save-inspection]')
  await page.locator('[data-test=inspection-table] .el-table__row', { hasText: '培育台账' }).waitFor()
  await page.screenshot({ path: join(outDir, 'supervision-inspection.png') })
  await page.close()
  // 市科技局 leads that task; its reporter does not exist in the demo, so check the office list
  // state instead: past the deadline it shows as overdue.
  const again = await login('ducha')
  await again.goto(`${ctx.server.base}/supervision/inspections`)
  const row = again.locator('[data-test=inspection-table] .el-table__row', { hasText: '培育台账' })
  await row.locator('[data-test=inspection-state]', { hasText: '整改逾期' }).waitFor()
  await again.close()
})
