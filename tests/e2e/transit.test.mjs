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

test('a stop board shows its stop and coming buses without logging in', async () => {
  // The previous test imported Cairns; find a stop near Cairns city centre through the public API.
  const res = await fetch(`${ctx.server.base}/api/v1/transit/stops?lat=-16.92&lon=145.77&limit=1`)
  assert.equal(res.status, 200)
  const stop = (await res.json()).stops[0]
  const page = await ctx.browser.newPage({ locale: 'zh-CN', viewport: { width: 1280, height: 720 } })
  await page.goto(`${ctx.server.base}/board/${encodeURIComponent(stop.stop_id)}`)
  await page.locator('[data-test=board] .stop', { hasText: stop.name }).waitFor()
  const text = await page.locator('[data-test=board]').innerText()
  // Either buses with their minutes or the honest empty line, and the legend for plans.
  assert.match(text, /分钟|即将到站|刚刚离站|未来一小时暂无车辆/)
  await page.screenshot({ path: join(outDir, 'transit-board.png') })
  await page.close()
})

test('a dispatcher sees live buses on the map', async () => {
  // Two fixes come in through the AVL endpoint, as a terminal would send them.
  const login = await fetch(`${ctx.server.base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'gj_dd', password: 'Zhengtong@2024', token_type: 'bearer' }),
  })
  const token = (await login.json()).token
  const now = Math.floor(Date.now() / 1000)
  const fixes = [
    { vehicle: '豫M-01208', lat: 34.7731, lon: 111.2003, time: now, speed: 28, route: '1' },
    { vehicle: '豫M-01209', lat: 34.7802, lon: 111.1851, time: now, speed: 0, route: '3' },
  ]
  const posted = await fetch(`${ctx.server.base}/api/v1/transit/avl`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify(fixes),
  })
  assert.equal(posted.status, 200, await posted.text())

  const page = await ctx.browser.newPage({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } })
  await page.goto(`${ctx.server.base}/login`)
  await page.fill('input[name=username]', 'gj_dd')
  await page.fill('input[name=password]', 'Zhengtong@2024')
  await page.click('button.login-button')
  await page.locator('h1.page-title', { hasText: '工作台' }).waitFor()
  await page.click('aside >> text=智能公交')
  await page.click('aside >> text=实时监控')
  await page.locator('[data-test=vehicle-count]', { hasText: '在线车辆 2 辆' }).waitFor()
  assert.equal(await page.locator('[data-test=map] path.leaflet-interactive').count(), 2)
  await page.screenshot({ path: join(outDir, 'transit-map.png') })
  await page.close()
})

test('the phone page lists the nearest stops and their buses', async () => {
  const page = await ctx.browser.newPage({ locale: 'zh-CN', viewport: { width: 390, height: 844 } })
  await page.goto(`${ctx.server.base}/m?lat=-16.92&lon=145.77`)
  const first = page.locator('[data-test=nearby-stop]').first()
  await first.waitFor()
  assert.match(await first.innerText(), /米/)
  await page.screenshot({ path: join(outDir, 'transit-phone.png') })
  await page.close()
})
