// 督查督办's pages in the demo year (today 2024-09-20): the office filters 进展报送 by a unit's
// short name, pages through it, 催报 a unit that has not filed, opens a task's page from the
// ledger; a unit's reporter sees their own tasks and is refused another unit's; a published
// bulletin carries its 文号 and Chinese date, and 打印 opens the browser's print dialog.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { withServerAndBrowser, loginPage, outDir } from './harness.mjs'

const ctx = withServerAndBrowser({ demoYear: true })
const desktop = { width: 1440, height: 900 }
const phone = { width: 390, height: 844 }

async function open(username, viewport = desktop) {
  const page = await ctx.browser.newPage({ locale: 'zh-CN', viewport })
  await loginPage(ctx, page, username)
  return page
}

const rows = (page, table) => page.locator(`[data-test=${table}] .el-table__body .el-table__row`)

async function choose(page, select, text) {
  await page.click(`[data-test=${select}]`)
  await page.locator('.el-select-dropdown__item:visible', { hasText: text }).first().click()
}

test('the office filters 进展报送 by 发改委, pages through it and 催报 a unit', async () => {
  const page = await open('ducha')
  await page.goto(`${ctx.server.base}/supervision/reports`)
  await rows(page, 'slot-table').first().waitFor()
  const hint = page.locator('.hint')
  const all = Number((await hint.innerText()).match(/共 (\d+) 项/)[1])
  assert.ok(all > 300, `this month has ${all} slots`)
  // 20 a page, with the server's total.
  assert.equal(await rows(page, 'slot-table').count(), 20)
  const firstPage = await rows(page, 'slot-table').first().innerText()
  await page.locator('[data-test=pager] .el-pager li', { hasText: /^2$/ }).click()
  await page.locator('[data-test=pager] .el-pager li.is-active', { hasText: /^2$/ }).waitFor()
  await page.waitForFunction((t) => document.querySelector('[data-test=slot-table] .el-table__body .el-table__row')?.innerText !== t, firstPage)

  // The unit by its short name, matched on the server.
  await page.click('[data-test=unit-filter]')
  await page.keyboard.type('发改委')
  await page.locator('.el-select-dropdown__item:visible', { hasText: '三门峡市发展和改革委员会' }).click()
  await page.locator('.hint', { hasText: `（本期 ${all} 项）` }).waitFor()
  const units = await rows(page, 'slot-table').evaluateAll((trs) => trs.map((tr) => tr.children[2].innerText))
  assert.ok(units.length > 0)
  assert.ok(units.every((u) => u === '三门峡市发展和改革委员会'), units.join())
  await page.locator('h1.page-title').scrollIntoViewIfNeeded()
  await page.screenshot({ path: join(outDir, 'sv-reports-by-alias.png') })

  // August: who has not filed, and a reminder to one of them.
  await page.click('[data-test=unit-filter] .el-select__clear, [data-test=unit-filter] .el-icon.el-select__clear').catch(() => {})
  await choose(page, 'period', '2024年8月')
  await choose(page, 'state-filter', '逾期未报')
  await rows(page, 'slot-table').first().waitFor()
  const states = await rows(page, 'slot-table').locator('[data-test=slot-state]').allInnerTexts()
  assert.ok(states.length > 0 && states.every((s) => s === '逾期未报'), states.join())
  const row = rows(page, 'slot-table').first()
  await row.locator('[data-test=remind]').click()
  await page.locator('.el-message-box__btns button', { hasText: '发送催报' }).click()
  await page.locator('.el-message--success', { hasText: '催报' }).waitFor()
  await row.locator('[data-test=reminded]', { hasText: '已催报 09-20' }).waitFor()
  assert.ok(await row.locator('[data-test=remind]').isDisabled())
  await page.locator('.el-overlay.is-message-box').waitFor({ state: 'hidden' }).catch(() => {})
  await page.waitForTimeout(400)
  await page.screenshot({ path: join(outDir, 'sv-reports-reminded.png') })
  await page.close()
})

test('the office opens a task page from the ledger filtered by 发改委', async () => {
  const page = await open('ducha')
  await page.goto(`${ctx.server.base}/supervision`)
  await rows(page, 'task-table').first().waitFor()
  assert.equal(await page.locator('[data-test=task-count]').innerText(), '共 86 项')
  assert.equal(await rows(page, 'task-table').count(), 20)
  await page.click('[data-test=ledger-unit-filter]')
  await page.keyboard.type('发改委')
  await page.locator('.el-select-dropdown__item:visible', { hasText: '三门峡市发展和改革委员会' }).click()
  await page.locator('[data-test=task-count]', { hasText: /共 \d+ 项/ }).waitFor()
  await page.waitForFunction(() => document.querySelector('[data-test=task-count]').innerText !== '共 86 项')
  const text = await rows(page, 'task-table').first().locator('[data-test=task-link]').innerText()
  await page.screenshot({ path: join(outDir, 'sv-ledger-by-alias.png') })
  await rows(page, 'task-table').first().locator('td').first().click()
  await page.locator('[data-test=task-facts]', { hasText: text.slice(0, 12) }).waitFor()
  assert.match(await page.locator('[data-test=task-title]').innerText(), /^第\d+项/)
  assert.match(await page.locator('[data-test=task-facts]').innerText(), /发展改革委/)
  assert.ok((await page.locator('[data-test=task-slots] [data-test=slot-cell]').count()) >= 10)  // March to 年度
  await page.locator('[data-test=task-reports] .el-timeline-item').first().waitFor()
  assert.match(await page.locator('[data-test=task-reports]').innerText(), /第1版/)
  assert.ok((await rows(page, 'task-history').count()) > 0)
  const body = await page.locator('main, .el-main, body').first().innerText()
  assert.doesNotMatch(body, /T\d\d:\d\d:\d\d|\+08:00|lead|cooperating/)
  await page.screenshot({ path: join(outDir, 'sv-task-page.png'), fullPage: true })
  await page.close()
})

test('a unit\'s reporter sees their own tasks and is refused another unit\'s', async () => {
  const page = await open('fgw_tb')
  await page.goto(`${ctx.server.base}/supervision`)
  await rows(page, 'task-table').first().waitFor()
  const count = Number((await page.locator('[data-test=task-count]').innerText()).match(/\d+/)[0])
  assert.ok(count > 0 && count < 86, `count ${count}`)
  const own = await page.evaluate(async () => (await (await fetch('/api/v1/supervision/tasks')).json()).tasks.map((t) => t.id))
  const office = await open('ducha')
  const every = await office.evaluate(async () => (await (await fetch('/api/v1/supervision/tasks')).json()).tasks.map((t) => t.id))
  await office.close()
  const other = every.find((id) => !own.includes(id))
  await rows(page, 'task-table').first().locator('[data-test=task-link]').click()
  await page.locator('[data-test=task-facts]').waitFor()
  await page.goto(`${ctx.server.base}/supervision/tasks/${other}`)
  await page.locator('[data-test=task-error]', { hasText: '无权查看其他单位的重点任务' }).waitFor()
  await page.close()
})

test('a published bulletin shows its 文号 and Chinese date; 打印 opens the print dialog', async () => {
  const page = await open('ducha')
  await page.goto(`${ctx.server.base}/supervision/bulletin`)
  await page.locator('[data-test=bulletin-table] .el-table__row').first().waitFor()
  // The latest past period (August) was published in the demo.
  const docno = await page.locator('[data-test=bulletin-docno]').innerText()
  assert.match(docno, /^三督查通报〔2024〕\d+号$/)
  assert.match(await page.locator('[data-test=bulletin-date]').innerText(), /^二〇二四年[一二三四五六七八九十]+月[一二三四五六七八九十]+日$/)
  const ranks = (await page.locator('[data-test=bulletin-table] .el-table__body .el-table__row td:first-child').allInnerTexts()).map(Number)
  assert.equal(ranks[0], 1)
  ranks.forEach((r, i) => assert.ok(i === 0 || r === ranks[i - 1] || r === i + 1, `rank ${r} at ${i + 1}`))
  await page.screenshot({ path: join(outDir, 'sv-bulletin.png'), fullPage: true })
  // The print page calls window.print; count the calls instead of opening a dialog.
  await page.context().addInitScript(() => {
    window.print = () => { document.documentElement.dataset.printed = String(Number(document.documentElement.dataset.printed || 0) + 1) }
  })
  const [popup] = await Promise.all([page.waitForEvent('popup'), page.click('[data-test=print]')])
  await popup.waitForLoadState('load')
  await popup.waitForFunction(() => document.documentElement.dataset.printed === '1')
  const text = await popup.locator('body').innerText()
  assert.ok(text.includes(docno), 'the 文号 is on the page')
  assert.match(text, /二〇二四年/)
  await popup.setViewportSize(desktop)
  await popup.screenshot({ path: join(outDir, 'sv-bulletin-print.png'), fullPage: true })
  await popup.close()
  await page.close()
})

test('the pages on a phone', async () => {
  const page = await open('ducha', phone)
  // The menu slides over the page from its button and closes on the page chosen.
  await page.click('[data-test=nav-toggle]')
  await page.click('aside >> text=督查督办')
  await page.screenshot({ path: join(outDir, 'sv-menu-phone.png') })
  await page.click('aside >> text=进展报送')
  await page.locator('[data-test=slot-list] [data-test=slot-card]').first().waitFor()
  await page.locator('aside.open').waitFor({ state: 'detached' })
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 390), 'no sideways scroll')
  await page.waitForTimeout(400)  // the tags' zoom-in
  await page.screenshot({ path: join(outDir, 'sv-reports-phone.png') })
  await page.goto(`${ctx.server.base}/supervision`)
  await page.locator('[data-test=task-list] [data-test=task-card]').first().waitFor()
  await page.screenshot({ path: join(outDir, 'sv-ledger-phone.png') })
  await page.locator('[data-test=task-card]').first().click()
  await page.locator('[data-test=task-facts]').waitFor()
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 390), 'no sideways scroll')
  await page.screenshot({ path: join(outDir, 'sv-task-phone.png'), fullPage: true })
  await page.goto(`${ctx.server.base}/supervision/dashboard`)
  await page.locator('[data-test=chart-filing] canvas').first().waitFor()
  await page.screenshot({ path: join(outDir, 'sv-dashboard-phone.png'), fullPage: true })
  await page.close()
  const wide = await open('ducha')
  await wide.goto(`${ctx.server.base}/supervision/dashboard`)
  await wide.locator('[data-test=chart-filing] canvas').first().waitFor()
  await wide.waitForTimeout(600)
  await wide.screenshot({ path: join(outDir, 'sv-dashboard.png'), fullPage: true })
  await wide.close()
})
