// 执法办案 pages as an officer meets them on a first day: the case list paged and filtered;
// registration picking the violation from the unit's catalogue (its basis and benchmark range
// shown beside it), every field error shown at once beside its field; a document opened as A4
// and downloaded as Word. Desktop (1440×900) and phone (390×844) screenshots.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { inflateRawSync } from 'node:zlib'
import { withServerAndBrowser, outDir, loginPage } from './harness.mjs'

const ctx = withServerAndBrowser()

async function pick(page, selectLocator, optionText) {
  await selectLocator.click()
  await page.locator('.el-select-dropdown__item:visible', { hasText: optionText }).first().click()
}

// One entry of a ZIP archive, read from its central directory (enough to look inside a .docx).
function zipEntry(bytes, name) {
  const eocd = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]))
  assert.ok(eocd >= 0, 'a ZIP archive')
  const count = bytes.readUInt16LE(eocd + 10)
  let at = bytes.readUInt32LE(eocd + 16)
  for (let i = 0; i < count; i++) {
    const method = bytes.readUInt16LE(at + 10)
    const size = bytes.readUInt32LE(at + 20)
    const nameLen = bytes.readUInt16LE(at + 28)
    const extra = bytes.readUInt16LE(at + 30)
    const comment = bytes.readUInt16LE(at + 32)
    const local = bytes.readUInt32LE(at + 42)
    const entry = bytes.subarray(at + 46, at + 46 + nameLen).toString('utf8')
    if (entry === name) {
      const start = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28)
      const data = bytes.subarray(start, start + size)
      return (method === 8 ? inflateRawSync(data) : data).toString('utf8')
    }
    at += 46 + nameLen + extra + comment
  }
  return null
}

const fieldError = (page, field) => page.locator(`[data-test=case-form] [data-field=${field}] .el-form-item__error`)

test('an officer registers a case from the catalogue, sees every field error at once, and downloads a document as Word', async () => {
  const page = await ctx.browser.newPage({ locale: 'zh-CN', viewport: { width: 1440, height: 900 }, acceptDownloads: true })
  await loginPage(ctx, page, 'scjg_zf1')
  await page.click('aside >> text=行政执法')
  await page.click('aside >> text=执法办案')
  await page.locator('[data-test=pager]').waitFor()
  assert.match(await page.locator('[data-test=pager]').innerText(), /共 \d+ 条/)

  // Submitting a half-filled form: each error stands beside its own field, all at once.
  await page.click('[data-test=new-case]')
  await page.fill('input[name=party_id]', '91411200MA44X0A1XA')  // wrong check character
  await page.click('[data-test=save-case]')
  await fieldError(page, 'party_id').waitFor()
  assert.match(await fieldError(page, 'party_id').innerText(), /统一社会信用代码校验位错误/)
  assert.match(await fieldError(page, 'party_name').innerText(), /请填写当事人名称/)
  assert.match(await fieldError(page, 'violation_code').innerText(), /执法事项目录/)
  assert.match(await fieldError(page, 'facts').innerText(), /案情摘要/)
  assert.match(await fieldError(page, 'act_ended_on').innerText(), /终了日期/)
  assert.ok(await page.locator('[data-test=case-form] .el-form-item.is-required').count() >= 7, 'required fields marked')
  await page.screenshot({ path: join(outDir, 'enforcement-register-errors.png') })

  // The catalogue pick shows its legal basis and the benchmark's range, and names the violation.
  await pick(page, page.locator('[data-test=violation]'), 'SC-01')
  const info = await page.locator('[data-test=violation-info]').innerText()
  assert.match(info, /《产品质量法》第四十九条/)
  assert.match(info, /罚款 1,000 至 50,000 元/)
  assert.equal(await page.inputValue('input[name=violation_name]'), '销售不符合保障人体健康标准的产品')
  await page.fill('input[name=party_name]', '三门峡乙商贸有限公司')
  await page.fill('input[name=party_id]', '91411200MA44X0A1XK')
  await page.fill('input[name=party_address]', '河南省三门峡市湖滨区崤山路12号')
  await page.locator('[data-test=facts] textarea, textarea[data-test=facts]').first().fill('销售抽检不合格的电热水壶20台')
  const ended = new Date(Date.now() - 10 * 86400000).toISOString().slice(0, 10)
  await page.fill('input[placeholder=违法行为终了日期]', ended)
  await page.keyboard.press('Enter')
  await page.screenshot({ path: join(outDir, 'enforcement-register.png') })
  await page.click('[data-test=save-case]')
  await page.locator('h1.page-title', { hasText: '立〔' }).waitFor()

  // Filing by two officers makes the 立案审批表 available, in A4 and in Word.
  await pick(page, page.locator('[data-test=action]'), '立案')
  await page.locator('[data-test=officers]').click()
  for (const name of ['张执法', '刘执法']) await page.locator('.el-select-dropdown__item:visible', { hasText: name }).first().click()
  await page.keyboard.press('Escape')
  await page.click('[data-test=submit-action]')
  await page.locator('[data-test=doc-filing]').waitFor()
  const href = await page.locator('[data-test=doc-filing]').getAttribute('href')
  const html = await (await page.context().request.get(`${ctx.server.base}${href}`)).text()
  assert.match(html, /立案审批表/)
  assert.match(html, /张执法（执法证号 \w+）/)
  assert.match(html, /负责人审批意见/)
  assert.match(html, /[〇一二三四五六七八九]{4}年[一二三四五六七八九十]+月[一二三四五六七八九十]+日/)
  assert.doesNotMatch(html, /inspection|general|organisation/)
  await page.screenshot({ path: join(outDir, 'enforcement-case-documents.png') })

  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-test=docx-filing]')])
  assert.match(download.suggestedFilename(), /立案审批表\.docx$/)
  const bytes = readFileSync(await download.path())
  assert.equal(bytes.subarray(0, 2).toString(), 'PK')
  const xml = zipEntry(bytes, 'word/document.xml')
  assert.ok(xml, 'the package has word/document.xml')
  assert.match(xml, /<w:document /)
  assert.match(xml, /三门峡乙商贸有限公司/)
  assert.match(xml, /执法证号/)
  assert.ok(zipEntry(bytes, '[Content_Types].xml').includes('wordprocessingml.document.main+xml'))
  await page.close()
})

test('the case list and the registration form on a phone', async () => {
  const page = await ctx.browser.newPage({ locale: 'zh-CN', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })
  await loginPage(ctx, page, 'scjg_zf1')
  await page.goto(`${ctx.server.base}/enforcement`)
  await page.locator('[data-test=pager]').waitFor()
  // Filtering by keyword narrows the list, with its total.
  await page.locator('input[data-test=filter-q], [data-test=filter-q] input').first().fill('乙商贸')
  await page.keyboard.press('Enter')
  await page.locator('[data-test=pager]', { hasText: /共 1 条/ }).waitFor()
  await page.screenshot({ path: join(outDir, 'enforcement-cases-phone.png'), fullPage: true })
  await page.click('[data-test=new-case]')
  await page.locator('[data-test=case-form]').waitFor()
  const box = await page.locator('.el-dialog').boundingBox()
  assert.ok(box.width <= 390, 'the dialog fits the phone')
  await page.screenshot({ path: join(outDir, 'enforcement-register-phone.png') })
  await page.close()
})
