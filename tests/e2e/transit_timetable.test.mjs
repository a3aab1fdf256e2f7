// 行车计划 in a real browser: the demo's month of trips performed (Porto Alegre's network) as a
// planner reads its running times by hour, then a timetable proposal from an illustrative demand
// table — the headways per period and the 运行图 — at 1440×900 and on a 390×844 phone.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { spawn, execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { launchBrowser, outDir, root } from './harness.mjs'

const bin = process.env.ZT_BIN || join(root, 'build', 'src', 'app', 'zhengtong')
const ctx = {}

before(async () => {
  ctx.dir = mkdtempSync(join(tmpdir(), 'zt-tt-'))
  const db = `sqlite:${join(ctx.dir, 'tt.db')}`
  execFileSync(bin, ['--db', db, 'demo', '--gtfs', join(root, 'data', 'gtfs', 'porto-alegre-eptc-2019.zip')], { stdio: 'ignore' })
  ctx.port = 20000 + Math.floor(Math.random() * 20000)
  ctx.base = `http://127.0.0.1:${ctx.port}`
  ctx.proc = spawn(bin, ['--db', db, 'serve', '--clock-start', 'demo', '--listen', `127.0.0.1:${ctx.port}`, '--static', join(root, 'web', 'dist')], { stdio: 'ignore', env: { ...process.env, ZT_LOG_LEVEL: 'warn' } })
  for (let i = 0; i < 200; i++) {
    try { if ((await fetch(`${ctx.base}/healthz`)).ok) break } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 50))
  }
  ctx.browser = await launchBrowser()
})

after(async () => {
  await ctx.browser?.close()
  ctx.proc?.kill('SIGTERM')
  await new Promise((r) => (ctx.proc?.exitCode !== null ? r() : ctx.proc.once('exit', r)))
  rmSync(ctx.dir, { recursive: true, force: true })
})

async function open(viewport) {
  const context = await ctx.browser.newContext({ locale: 'zh-CN', viewport })
  const page = await context.newPage()
  const errors = []
  page.on('pageerror', (e) => errors.push(String(e)))
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()) })
  await page.goto(`${ctx.base}/login`)
  await page.fill('input[name=username]', 'jt_gh')
  await page.fill('input[name=password]', 'Zhengtong@2024')
  await page.click('button.login-button')
  await page.locator('h1.page-title', { hasText: '工作台' }).waitFor()
  await page.goto(`${ctx.base}/transit/timetable`)
  // The route with the most completed trips is picked, named with its count.
  await page.waitForFunction(() => /\d+ 班/.test(document.querySelector('[data-test=tt-route]')?.innerText ?? ''))
  await page.locator('[data-test=tt-runchart] canvas').waitFor()
  page.done = async () => { await context.close(); assert.deepEqual(errors, [], 'console errors') }
  return page
}

async function propose(page) {
  await page.getByRole('button', { name: '生成示例需求' }).click()
  await page.locator('[data-test=tt-propose]').click()
  await page.locator('[data-test=tt-headways] .el-table__body tr').first().waitFor()
}

test('a planner reads the running times and gets a timetable with its 运行图', async () => {
  const page = await open({ width: 1440, height: 900 })
  await propose(page)
  assert.equal(await page.locator('[data-test=tt-headways] .el-table__body tr').count(), 5)
  const text = await page.locator('[data-test=tt-headways]').innerText()
  assert.match(text, /早高峰/)
  assert.match(text, /实绩分位数/)  // the demo's records give the running times
  const times = await page.locator('[data-test=tt-times] .time').allTextContents()
  assert.equal(times[0], '06:00')
  assert.equal(times.at(-1), '21:00')
  await page.locator('[data-test=tt-graph] canvas').waitFor()
  await page.screenshot({ path: join(outDir, 'transit-timetable-1440.png'), fullPage: true })
  await page.done()
})

test('the page reads on a phone', async () => {
  const page = await open({ width: 390, height: 844 })
  await propose(page)
  await page.locator('[data-test=tt-graph] canvas').waitFor()
  await page.screenshot({ path: join(outDir, 'transit-timetable-390.png'), fullPage: true })
  await page.done()
})
