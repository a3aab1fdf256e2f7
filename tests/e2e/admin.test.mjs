// The administrator's first day: create a user, change the roles and unit, disable and enable
// them; rename a unit and see the old name kept as an alias; search the audit trail, see the
// chain verified and open a record's before/after. At 1440×900 and on a 390×844 phone.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { withServerAndBrowser, loginPage, outDir } from './harness.mjs'

const ctx = withServerAndBrowser()

// Picks an option of an Element Plus select, typing a part of it first when it filters.
async function choose(page, select, typed, option) {
  await select.click()
  if (typed) await select.locator('input').fill(typed)
  await page.locator('.el-select-dropdown__item:visible', { hasText: option }).first().click()
}

// Waits until tables have loaded and drawers and dialogs have finished moving in.
async function settled(page) {
  await page.locator('.el-loading-mask:visible').waitFor({ state: 'detached', timeout: 10000 }).catch(() => {})
  await page.waitForTimeout(400)
}

// Sets an Element Plus checkbox of a group and waits until it shows the state.
async function setChecked(group, label, want) {
  const box = group.locator('.el-checkbox', { hasText: label })
  const checked = async () => /is-checked/.test(await box.getAttribute('class'))
  if ((await checked()) !== want) await box.click()
  for (let i = 0; i < 50 && (await checked()) !== want; i++) await new Promise((r) => setTimeout(r, 50))
  assert.equal(await checked(), want, `${label} should be ${want ? 'checked' : 'unchecked'}`)
}

async function userRow(page, username) {
  await page.fill('input[data-test=user-search]', username)
  await page.click('[data-test=user-search-button]')
  const row = page.locator('[data-test=users-table] .el-table__body-wrapper tr', { hasText: username }).first()
  await row.waitFor()
  return row
}

// The fixed operations column is a second copy of the row; its buttons are the visible ones.
const actionsOf = (page, username) =>
  page.locator('.el-table__body tr:visible', { hasText: username }).locator('.el-button:visible')

test('admin creates a user, edits roles and unit, disables and enables them', async () => {
  const page = await ctx.browser.newPage({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } })
  await loginPage(ctx, page, 'admin')
  await page.click('text=组织与用户')
  await page.locator('aside .menu').getByText('用户管理').click()
  await page.locator('h1.page-title', { hasText: '用户管理' }).waitFor()
  await page.locator('[data-test=users-pager]').getByText(/共 \d+ 条/).waitFor()
  await settled(page)
  await page.screenshot({ path: join(outDir, 'admin-users.png'), fullPage: true })

  await page.click('[data-test=user-new]')
  const dialog = page.locator('[data-test=user-dialog]')
  await dialog.getByText('新增用户').waitFor()
  // Saving empty shows every missing field at once, next to its field.
  await page.click('[data-test=user-save]')
  for (const msg of ['请填写用户名', '请填写姓名', '请选择所属单位', '至少选择一个角色', '密码至少8位']) {
    await dialog.getByText(msg).waitFor()
  }
  await dialog.locator('input[name=new-username]').fill('sfj_wxz')
  await dialog.locator('input[name=new-display-name]').fill('王晓哲')
  await choose(page, dialog.locator('[data-test=user-unit]'), '司法局', '三门峡市司法局')
  await setChecked(dialog.locator('[data-test=user-roles]'), '单位填报员', true)
  await dialog.locator('input[name=new-password]').fill('Wxz@2024abc')
  await settled(page)
  await page.screenshot({ path: join(outDir, 'admin-user-create.png') })
  await page.click('[data-test=user-save]')
  await page.locator('.el-message--success', { hasText: '已新增用户 王晓哲' }).waitFor()

  let row = await userRow(page, 'sfj_wxz')
  assert.match(await row.innerText(), /三门峡市司法局/)
  assert.match(await row.innerText(), /单位填报员/)

  // Edit: another unit and roles.
  await actionsOf(page, 'sfj_wxz').getByText('编辑').click()
  await dialog.getByText('编辑用户').waitFor()
  await choose(page, dialog.locator('[data-test=user-unit]'), '发改委', '三门峡市发展和改革委员会')
  await setChecked(dialog.locator('[data-test=user-roles]'), '单位填报员', false)
  await setChecked(dialog.locator('[data-test=user-roles]'), '单位领导', true)
  await page.click('[data-test=user-save]')
  await page.locator('.el-message--success', { hasText: '用户信息已保存' }).waitFor()
  row = await userRow(page, 'sfj_wxz')
  await row.getByText('三门峡市发展和改革委员会').waitFor()
  const text = await row.innerText()
  assert.match(text, /单位领导/)
  assert.doesNotMatch(text, /单位填报员/)

  // Disable (with a confirmation), then enable.
  await actionsOf(page, 'sfj_wxz').getByText('停用').click()
  await page.locator('.el-message-box').getByRole('button', { name: '停用' }).click()
  await page.locator('.el-message--success', { hasText: '已停用 王晓哲' }).waitFor()
  await row.locator('.el-tag', { hasText: '停用' }).waitFor()
  await actionsOf(page, 'sfj_wxz').getByText('启用').click()
  await page.locator('.el-message--success', { hasText: '已启用 王晓哲' }).waitFor()
  await row.locator('.el-tag', { hasText: '正常' }).waitFor()

  // The admin's own row offers no 停用 (the server refuses it too).
  await userRow(page, 'admin')
  assert.equal(await actionsOf(page, '系统管理员').getByText('停用').isDisabled(), true)
  await page.close()
})

test('admin renames a unit and the old name stays as an alias', async () => {
  const page = await ctx.browser.newPage({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } })
  await loginPage(ctx, page, 'admin')
  await page.goto(`${ctx.server.base}/admin/units`)
  await page.locator('[data-test=units-table]').getByText('三门峡市人民政府办公室').waitFor()
  await settled(page)
  await page.screenshot({ path: join(outDir, 'admin-units-tree.png'), fullPage: false })
  await page.fill('input[data-test=unit-filter]', '统计局')
  const row = page.locator('.el-table__body tr:visible', { hasText: '三门峡市统计局' }).last()
  await row.waitFor()
  await row.locator('[data-test=unit-edit]').click()
  const dialog = page.locator('[data-test=unit-dialog]')
  await dialog.locator('input[name=unit-name]').fill('三门峡市统计局（市普查中心）')
  await dialog.getByText('原名称「三门峡市统计局」将保留为简称').waitFor()
  await settled(page)
  await page.screenshot({ path: join(outDir, 'admin-unit-rename.png') })
  await page.click('[data-test=unit-save]')
  await page.locator('.el-message--success', { hasText: '原名称已保留为简称' }).waitFor()
  // The old full name finds the unit through its alias, and the alias column shows it.
  await page.fill('input[data-test=unit-filter]', '三门峡市统计局')
  const renamed = page.locator('[data-test=units-table] tr', { hasText: '三门峡市统计局（市普查中心）' }).first()
  await renamed.waitFor()
  assert.match(await renamed.locator('[data-test=unit-aliases]').innerText(), /三门峡市统计局/)
  await settled(page)
  await page.screenshot({ path: join(outDir, 'admin-unit-renamed.png') })
  await page.close()
})

test('admin searches the audit log, sees the chain verified and opens a record', async () => {
  const page = await ctx.browser.newPage({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } })
  await loginPage(ctx, page, 'admin')
  await page.click('text=组织与用户')
  await page.locator('aside .menu').getByText('审计日志').click()
  await page.locator('[data-test=audit-verify]').getByText(/留痕链校验通过：共 \d+ 条记录/).waitFor()
  await choose(page, page.locator('[data-test=audit-type]'), null, '用户')
  await choose(page, page.locator('[data-test=audit-action]'), '修改用户', '修改用户')
  await page.click('[data-test=audit-search]')
  const first = page.locator('[data-test=audit-table] .el-table__body tr', { hasText: '修改用户' }).first()
  await first.waitFor()
  const body = await page.locator('[data-test=audit-table]').innerText()
  assert.doesNotMatch(body, /user\.update|object_type|\buser\b/)
  assert.match(body, /\d{4}-\d{2}-\d{2} \d{2}:\d{2}/)
  await settled(page)
  await page.screenshot({ path: join(outDir, 'admin-audit.png'), fullPage: true })

  await first.getByText('详情').click()
  const drawer = page.locator('[data-test=audit-detail]')
  const diff = drawer.locator('[data-test=audit-diff]')
  await diff.waitFor()
  const rows = await diff.innerText()
  assert.match(rows, /角色/)
  assert.match(rows, /单位领导/)
  assert.match(rows, /三门峡市发展和改革委员会/)
  assert.doesNotMatch(rows, /unit_leader|unit_id/)
  await settled(page)
  await page.screenshot({ path: join(outDir, 'admin-audit-record.png') })
  await page.close()
})

test('the admin pages on a phone', async () => {
  const page = await ctx.browser.newPage({ locale: 'zh-CN', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })
  await loginPage(ctx, page, 'admin')
  await page.goto(`${ctx.server.base}/admin/users`)
  await page.locator('[data-test=users-pager]').getByText(/共 \d+ 条/).waitFor()
  await settled(page)
  await page.screenshot({ path: join(outDir, 'admin-users-phone.png'), fullPage: true })
  await page.goto(`${ctx.server.base}/admin/audit`)
  await page.locator('[data-test=audit-verify]').getByText(/校验通过/).waitFor()
  await settled(page)
  await page.screenshot({ path: join(outDir, 'admin-audit-phone.png'), fullPage: true })
  await page.goto(`${ctx.server.base}/admin/units`)
  await page.locator('[data-test=units-table]').getByText('三门峡市人民政府办公室').waitFor()
  await settled(page)
  await page.screenshot({ path: join(outDir, 'admin-units-phone.png') })
  await page.close()
})

test('a unit leader sees the users of the own unit, without the audit log', async () => {
  const page = await ctx.browser.newPage({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } })
  await loginPage(ctx, page, 'fgw_ld')
  const menu = await page.locator('aside .menu').first().innerText()
  assert.doesNotMatch(menu, /审计日志/)
  await page.goto(`${ctx.server.base}/admin/users`)
  await page.locator('[data-test=users-pager]').getByText(/共 \d+ 条/).waitFor()
  const table = await page.locator('[data-test=users-table]').innerText()
  assert.doesNotMatch(table, /三门峡市司法局/)
  assert.equal(await page.locator('[data-test=user-new]').count(), 0)
  await page.goto(`${ctx.server.base}/admin/audit`)
  await page.locator('h1.page-title', { hasText: '工作台' }).waitFor()
  await page.close()
})
