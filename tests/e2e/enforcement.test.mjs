// 行政执法 in a real browser: two officers and a legal reviewer take a major penalty case from
// registration to archive; a single officer is refused with the rule named; the decision is then
// published and the public page shows it with the party's personal data masked.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { withServerAndBrowser, outDir, loginPage } from './harness.mjs'

const ctx = withServerAndBrowser()
const loginAs = (page, username) => loginPage(ctx, page, username)

async function pick(page, selectLocator, optionText) {
  await selectLocator.click()
  await page.locator('.el-select-dropdown__item:visible', { hasText: optionText }).first().click()
}

// Chooses an act on the case page and fills its form; `officers` are display names.
async function act(page, label, { officers = [], fill = {}, selects = {}, checks = [] } = {}) {
  await pick(page, page.locator('[data-test=action]'), label)
  if (officers.length) {
    // A multiple select stays open between choices.
    await page.locator('[data-test=officers]').click()
    for (const name of officers) await page.locator('.el-select-dropdown__item:visible', { hasText: name }).first().click()
    await page.keyboard.press('Escape')
  }
  for (const [test, option] of Object.entries(selects)) await pick(page, page.locator(`[data-test=${test}]`), option)
  for (const [test, value] of Object.entries(fill)) await page.locator(`[data-test=${test}] input, [data-test=${test}] textarea, textarea[data-test=${test}], input[data-test=${test}]`).first().fill(String(value))
  for (const test of checks) await page.locator(`[data-test=${test}]`).click()
  await page.click('[data-test=submit-action]')
}

async function expectState(page, label) {
  await page.locator('.el-card [data-test=case-state]', { hasText: label }).waitFor()
}

test('two officers and a reviewer take a penalty case to archive; one officer alone is refused', async () => {
  const page = await ctx.browser.newPage({ locale: 'zh-CN', viewport: { width: 1440, height: 1000 } })
  await loginAs(page, 'scjg_zf1')
  await page.click('aside >> text=行政执法')
  await page.click('aside >> text=执法办案')
  await page.click('[data-test=new-case]')
  await page.fill('input[name=party_name]', '三门峡甲商贸有限公司')
  await page.fill('input[name=party_id]', '91411200MA44X0A1XK')
  await page.fill('input[name=party_phone]', '13912345678')
  await pick(page, page.locator('[data-test=violation]'), 'SC-01')
  await page.fill('input[name=violation_name]', '销售不合格产品')
  await page.locator('[data-test=facts] textarea, textarea[data-test=facts]').first().fill('销售抽检不合格的电热水壶20台')
  const ended = new Date(Date.now() - 10 * 86400000).toISOString().slice(0, 10)
  await page.fill('input[placeholder=违法行为终了日期]', ended)
  await page.keyboard.press('Enter')
  await page.click('[data-test=major-flag]')
  await page.click('[data-test=save-case]')
  await page.locator('h1.page-title', { hasText: '立〔' }).waitFor()
  const caseUrl = page.url()
  await expectState(page, '线索登记')

  // One officer alone: refused, and the rule is named.
  await act(page, '立案', { officers: ['张执法'] })
  const refusal = page.locator('[data-test=refusal]')
  await refusal.waitFor()
  // The rule in Chinese with its article, never the code.
  assert.match(await refusal.innerText(), /规则：两名执法人员（《中华人民共和国行政处罚法》第四十二条）/)
  assert.doesNotMatch(await refusal.innerText(), /two-officers/)
  await page.screenshot({ path: join(outDir, 'enforcement-refusal.png'), fullPage: true })

  // The form keeps what was entered: add the second officer and submit again.
  await page.locator('[data-test=officers]').click()
  await page.locator('.el-select-dropdown__item:visible', { hasText: '刘执法' }).first().click()
  await page.keyboard.press('Escape')
  await page.click('[data-test=submit-action]')
  await expectState(page, '已立案')
  await act(page, '调查取证', { officers: ['张执法', '刘执法'], fill: { description: '现场检查笔录、抽检报告' } })
  await expectState(page, '调查取证')
  await act(page, '事先告知', { officers: ['张执法', '刘执法'], selects: { penalty: '罚款' }, fill: { fine: 20000, basis: '《产品质量法》第四十九条' }, checks: ['waived'] })
  await expectState(page, '已告知')
  await act(page, '作出处罚决定', { officers: ['张执法', '刘执法'], selects: { penalty: '罚款' }, fill: { fine: 20000 } })
  await refusal.waitFor()
  assert.match(await refusal.innerText(), /规则：重大执法决定法制审核（《中华人民共和国行政处罚法》第五十八条）/)
  await page.click('[data-test=logout]')

  // The legal reviewer finds it in the review queue.
  await loginAs(page, 'scjg_fz')
  await page.click('aside >> text=行政执法')
  await page.click('aside >> text=法制审核')
  await page.locator('[data-test=review-queue] .el-table__row', { hasText: '三门峡甲商贸有限公司' }).locator('[data-test=open-review]').click()
  await act(page, '法制审核', { fill: { opinion: '事实清楚，证据确凿，适用依据正确，程序合法' } })
  await page.locator('.el-radio', { hasText: '同意' }).waitFor()
  await page.locator('.el-radio', { hasText: '同意' }).click()
  await page.click('[data-test=submit-action]')
  await page.locator('[data-test=steps]', { hasText: '法制审核' }).waitFor()
  await page.click('[data-test=logout]')

  // The second officer finishes the case.
  await loginAs(page, 'scjg_zf2')
  await page.goto(caseUrl)
  await expectState(page, '已告知')
  await act(page, '集体讨论', { fill: { members: '局长、分管副局长、法制科长', conclusion: '同意给予罚款二万元' } })
  await page.locator('[data-test=steps]', { hasText: '集体讨论' }).waitFor()
  await act(page, '作出处罚决定', { officers: ['张执法', '刘执法'], selects: { penalty: '罚款' }, fill: { fine: 20000 } })
  await expectState(page, '已决定')
  await act(page, '送达', { officers: ['张执法', '刘执法'] })  // 直接送达 unless chosen otherwise
  await expectState(page, '已送达')
  await act(page, '执行', { fill: { amount: 20000 } })
  await expectState(page, '已执行')
  await act(page, '归档')
  await expectState(page, '已归档')
  const steps = await page.locator('[data-test=steps]').innerText()
  for (const s of ['立案', '调查取证', '事先告知', '法制审核', '集体讨论', '作出处罚决定', '送达', '执行', '归档']) assert.match(steps, new RegExp(s))
  await page.screenshot({ path: join(outDir, 'enforcement-case.png'), fullPage: true })

  // Publication, then the public page without logging in.
  await page.click('aside >> text=行政执法')
  await page.click('aside >> text=公示管理')
  await page.locator('[data-test=publications] [data-test=publish]').first().click()
  await page.locator('[data-test=publications]', { hasText: '已公示' }).waitFor()
  await page.click('[data-test=logout]')
  await page.goto(`${ctx.server.base}/gs`)
  const row = page.locator('[data-test=public-decisions] .el-table__row', { hasText: '三门峡甲商贸有限公司' })
  await row.waitFor()
  await page.screenshot({ path: join(outDir, 'enforcement-public.png'), fullPage: true })
  await page.close()
})

test('the public decisions API carries the decision published above without the party phone', async () => {
  const res = await fetch(`${ctx.server.base}/api/v1/public/decisions`)
  assert.equal(res.status, 200)
  const text = await res.text()
  // The decision is there (else the check below would pass on an empty list) ...
  assert.match(text, /三门峡甲商贸有限公司/)
  // ... and the phone entered when the case was filed is not. Masking of individuals' names and
  // ID numbers is asserted in tests/http (enforcement API) and tests/enforcement/masking_test.cpp.
  assert.doesNotMatch(text, /13912345678/)
})
