// Each role's first day in the demo city (Friday 2024-09-20, a year of work behind it), on a
// desktop and on a phone: the 工作台 shows what waits on that person, the menu leads to their
// pages, and nothing on the way logs an error. Screenshots: first-day-<user>-<size>*.png.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { withServerAndBrowser, loginPage, outDir } from './harness.mjs'

const ctx = withServerAndBrowser({ demoYear: true })

const sizes = {
  desktop: { width: 1440, height: 900 },
  phone: { width: 390, height: 844 },
}

// Opens a menu entry the way a person does: on a phone through the ☰ drawer.
async function openFromMenu(page, size, group, item) {
  if (size === 'phone') {
    await page.click('[data-test=nav-toggle]')
    await page.locator('aside.open').waitFor()
  }
  const menu = page.locator('aside .menu')
  if (group) await menu.getByText(group, { exact: true }).click()
  await menu.getByText(item, { exact: true }).click()
}

// Every page must fit the phone's width: nothing but tables (which scroll) may be wider.
async function assertFitsWidth(page, size) {
  if (size !== 'phone') return
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
  assert.ok(overflow <= 1, `the page is ${overflow}px wider than the phone`)
}

const roles = [
  {
    user: 'ducha', who: '督查室',
    async home(page) {
      const block = page.locator('[data-test=office-summary]')
      await block.waitFor()
      assert.match(await block.innerText(), /本月报送（2024年9月，9月25日截止）/)
      assert.match(await block.innerText(), /逾期未报/)
    },
    async walk(page, size) {
      await openFromMenu(page, size, '督查督办', '进展报送')
      await page.locator('h1.page-title', { hasText: '进展报送' }).waitFor()
    },
  },
  {
    user: 'fgw_tb', who: '填报员',
    async home(page) {
      const block = page.locator('[data-test=todo]')
      await block.waitFor()
      // The demo's today falls in September's window: its reports are due within the week.
      assert.match(await block.innerText(), /2024年9月/)
      assert.doesNotMatch(await block.innerText(), /T\d\d:\d\d/)
    },
    async walk(page, size) {
      await openFromMenu(page, size, '督查督办', '进展报送')
      await page.locator('h1.page-title', { hasText: '进展报送' }).waitFor()
    },
  },
  {
    user: 'scjg_zf1', who: '执法人员',
    async home(page) {
      const block = page.locator('[data-test=case-todo]')
      await block.waitFor()
      assert.match(await block.innerText(), /市市场监管局立〔2024〕\d+号/)
    },
    async walk(page, size) {
      await openFromMenu(page, size, '行政执法', '执法办案')
      await page.locator('h1.page-title', { hasText: '执法办案' }).waitFor()
    },
  },
  {
    user: 'scjg_fz', who: '法制审核',
    async home(page) { await page.locator('[data-test=case-todo]').waitFor() },
    async walk(page, size) {
      await openFromMenu(page, size, '行政执法', '法制审核')
      await page.locator('h1.page-title', { hasText: '法制审核' }).waitFor()
    },
  },
  {
    user: 'sfj_jd', who: '司法局监督',
    async home(page) {
      const block = page.locator('[data-test=oversight-summary]')
      await block.waitFor()
      assert.match(await block.innerText(), /按时公示率/)
    },
    async walk(page, size) {
      await openFromMenu(page, size, '行政执法', '执法监督')
      await page.locator('h1.page-title', { hasText: '执法监督' }).waitFor()
    },
  },
  {
    user: 'gj_dd', who: '公交调度',
    async home(page) {
      const block = page.locator('[data-test=transit-summary]')
      await block.waitFor()
      assert.match(await block.innerText(), /在线车辆/)
      assert.match(await block.innerText(), /3986/)  // the demo feed's stops
    },
    async walk(page, size) {
      await openFromMenu(page, size, '智能公交', '实时监控')
      await page.locator('h1.page-title', { hasText: '实时监控' }).waitFor()
    },
  },
  {
    user: 'admin', who: '系统管理员',
    async home(page) { await page.locator('[data-test=office-summary]').waitFor() },
    async walk(page, size) {
      await openFromMenu(page, size, '组织与用户', '用户管理')
      await page.locator('h1.page-title', { hasText: '用户管理' }).waitFor()
    },
  },
]

for (const [size, viewport] of Object.entries(sizes)) {
  for (const role of roles) {
    test(`${role.who} (${role.user}) — first day on a ${size}`, async () => {
      const page = await ctx.browser.newPage({ locale: 'zh-CN', viewport })
      await loginPage(ctx, page, role.user)
      assert.match(await page.locator('.welcome').innerText(), /今天是 2024年9月20日 星期五/)
      // Made-up records say so on every page.
      assert.match(await page.locator('[data-test=site-notice]').innerText(), /演示生成的数据/)
      await role.home(page)
      await page.waitForLoadState('networkidle')
      await assertFitsWidth(page, size)
      await page.screenshot({ path: join(outDir, `first-day-${role.user}-${size}.png`), fullPage: true })
      await role.walk(page, size)
      await page.waitForLoadState('networkidle')
      await assertFitsWidth(page, size)
      await page.screenshot({ path: join(outDir, `first-day-${role.user}-${size}-page.png`), fullPage: true })
      await page.close()
    })
  }
}
