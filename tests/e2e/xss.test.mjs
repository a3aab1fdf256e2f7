// Stored XSS and the Content-Security-Policy in a real browser: markup stored through the real API
// (vehicle ids from AVL terminals, a unit's name) shows as text in the live map's popup and the
// dashboard's heatmap tooltip, and no page of the app, nor a printed document, trips the policy.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { withServerAndBrowser, outDir } from './harness.mjs'

const ctx = withServerAndBrowser()
const vehicle = '豫M<img src=x onerror=window.__xss=1>'
const route = '<img src=x onerror=window.__xss=2>'
const trip = '<b>t</b><script>window.__xss=3</script>'
const unit = '<img src=x onerror=window.__xss=4>局'

async function bearer(username) {
  const r = await fetch(`${ctx.server.base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password: 'Zhengtong@2024', token_type: 'bearer' }),
  })
  const body = await r.json()
  assert.equal(r.status, 200, JSON.stringify(body))
  return { Authorization: `Bearer ${body.token}`, 'Content-Type': 'application/json' }
}

// A page that records every CSP violation and console error from its first script on.
async function watchedPage() {
  const page = await ctx.browser.newPage({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } })
  const problems = []
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content.Security.Policy|Refused to/i.test(m.text())) problems.push(m.text())
  })
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`))
  // Injected by the driver, not the page, so the policy does not stop it.
  await page.addInitScript(() => {
    window.__violations = []
    document.addEventListener('securitypolicyviolation', (e) =>
      window.__violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`))
  })
  page.problems = async () => problems.concat(await page.evaluate(() => window.__violations || []))
  return page
}

async function login(page, username) {
  await page.goto(`${ctx.server.base}/login`)
  await page.fill('input[name=username]', username)
  await page.fill('input[name=password]', 'Zhengtong@2024')
  await page.click('button.login-button')
  await page.locator('h1.page-title', { hasText: '工作台' }).waitFor()
}

test('every response carries the policy and the framing and sniffing guards', async () => {
  for (const path of ['/', '/transit/map', '/api/v1/auth/me', '/api/v1/nothing', '/assets/none.js']) {
    const r = await fetch(`${ctx.server.base}${path}`)
    const csp = r.headers.get('content-security-policy') || ''
    assert.match(csp, /script-src 'self';/, path)
    assert.match(csp, /frame-ancestors 'none'/, path)
    assert.equal(r.headers.get('x-content-type-options'), 'nosniff', path)
    assert.equal(r.headers.get('x-frame-options'), 'DENY', path)
    assert.equal(r.headers.get('referrer-policy'), 'same-origin', path)
  }
})

test('a vehicle id, route and trip holding markup show as text in the map popup', async () => {
  const now = Math.floor(Date.now() / 1000)
  const posted = await fetch(`${ctx.server.base}/api/v1/transit/avl`, {
    method: 'POST',
    headers: await bearer('gj_dd'),
    body: JSON.stringify([{ vehicle, lat: 34.7731, lon: 111.2003, time: now, speed: 28, route, trip }]),
  })
  assert.equal(posted.status, 200, await posted.text())

  const page = await watchedPage()
  await login(page, 'gj_dd')
  await page.goto(`${ctx.server.base}/transit/map`)
  await page.locator('[data-test=vehicle-count]', { hasText: '在线车辆 1 辆' }).waitFor()
  await page.locator('[data-test=map] path.leaflet-interactive').first().click()
  const popup = page.locator('.leaflet-popup-content [data-test=vehicle-popup]')
  await popup.waitFor()
  const text = await popup.innerText()
  assert.ok(text.includes(vehicle), text)
  assert.ok(text.includes(route), text)
  // The trip id is internal and not shown; the route, as the terminal reported it, is.
  assert.ok(!text.includes(trip), text)
  assert.equal(await page.locator('.leaflet-popup-content img, .leaflet-popup-content script').count(), 0)
  await page.waitForTimeout(300) // an injected image's error event would have fired by now
  assert.equal(await page.evaluate(() => window.__xss), undefined)
  assert.deepEqual(await page.problems(), [])
  await page.screenshot({ path: join(outDir, 'xss-map-popup.png') })
  await page.close()
})

test('a unit name holding markup shows as text in the dashboard heatmap tooltip', async () => {
  const office = await bearer('ducha')
  const dash = await (await fetch(`${ctx.server.base}/api/v1/supervision/dashboard?year=2024`, { headers: office })).json()
  const first = dash.filing.units[0].unit
  const admin = await bearer('admin')
  const units = (await (await fetch(`${ctx.server.base}/api/v1/units`, { headers: admin })).json()).units
  const target = units.find((u) => u.name === first)
  assert.ok(target, `unit ${first} not listed`)
  const renamed = await fetch(`${ctx.server.base}/api/v1/units/${target.id}`, {
    method: 'PATCH', headers: admin, body: JSON.stringify({ name: unit }),
  })
  assert.equal(renamed.status, 200, await renamed.text())

  const page = await watchedPage()
  await login(page, 'ducha')
  await page.goto(`${ctx.server.base}/supervision/dashboard`)
  const chart = page.locator('[data-test=chart-filing]')
  await chart.locator('canvas').first().waitFor()
  // The first unit's row is the top one (the axis is inverted); the grid starts 220 px in and
  // 30 px down (the months above it) and ends 56 px above the bottom (the legend). Hover the
  // middle of its first cell.
  const box = await chart.boundingBox()
  const periods = dash.filing.periods.length
  const rows = dash.filing.units.length
  const cellW = (box.width - 220 - 40) / periods
  const cellH = (box.height - 30 - 56) / rows
  await page.mouse.move(box.x + 220 + cellW / 2, box.y + 30 + cellH / 2)
  const tooltip = chart.locator('div', { hasText: 'onerror=window.__xss=4' }).last()
  await tooltip.waitFor()
  assert.ok((await tooltip.innerText()).includes(unit), await tooltip.innerText())
  assert.equal(await chart.locator('img').count(), 0)
  await page.screenshot({ path: join(outDir, 'xss-dashboard-tooltip.png') })
  // ECharts' own tooltip markup (inline style attributes) on the section chart, under the policy.
  const sections = page.locator('[data-test=chart-sections]')
  await sections.scrollIntoViewIfNeeded()
  const sbox = await sections.boundingBox()
  await page.mouse.move(sbox.x + sbox.width / 3, sbox.y + sbox.height / 2)
  await sections.locator('div', { hasText: '序时进度%' }).last().waitFor()
  await page.waitForTimeout(300)
  assert.equal(await page.evaluate(() => window.__xss), undefined)
  assert.deepEqual(await page.problems(), [])
  await page.close()
})

test('the app\'s pages and printed documents load with no policy violation', async () => {
  const page = await watchedPage()
  await login(page, 'ducha')
  const pages = [
    ['/', '工作台'],
    ['/supervision', '重点工作台账'],
    ['/supervision/reports', '进展报送'],
    ['/supervision/bulletin', '通报'],
    ['/supervision/inspections', '督查记录'],
    ['/admin/units', '单位管理'],
  ]
  for (const [path, title] of pages) {
    await page.goto(`${ctx.server.base}${path}`)
    await page.locator('h1.page-title', { hasText: title }).waitFor()
    await page.waitForLoadState('networkidle')
  }
  assert.deepEqual(await page.problems(), [])

  // The bulletin print page keeps its own <style> under its own policy.
  await page.goto(`${ctx.server.base}/api/v1/supervision/bulletins/2024-03/print`)
  const masthead = page.locator('.masthead')
  await masthead.waitFor()
  assert.equal(await masthead.evaluate((e) => getComputedStyle(e).color), 'rgb(204, 0, 0)')
  assert.deepEqual(await page.problems(), [])
  await page.screenshot({ path: join(outDir, 'xss-bulletin-print.png'), fullPage: true })
  await page.close()

  // Public pages, the stop board's WebSocket included, and the enforcement pages.
  const anon = await watchedPage()
  const sockets = []
  anon.on('websocket', (ws) => sockets.push(ws.url()))
  for (const path of ['/m', '/gs', '/board/1']) {
    await anon.goto(`${ctx.server.base}${path}`)
    await anon.waitForLoadState('networkidle')
  }
  assert.ok(sockets.some((u) => u.startsWith('ws://') && u.endsWith('/arrivals/ws')), String(sockets))
  assert.deepEqual(await anon.problems(), [])
  await anon.close()

  // An enforcement document from a case whose party name holds markup: its text escaped, its
  // <style> applied, nothing reported.
  const zf1 = await bearer('scjg_zf1')
  const ended = new Date(Date.now() - 10 * 86400000).toISOString().slice(0, 10)
  const created = await fetch(`${ctx.server.base}/api/v1/enforcement/cases`, {
    method: 'POST',
    headers: zf1,
    body: JSON.stringify({
      field: '市场监管', party_kind: 'individual', party_name: unit, party_id: '411202199001011230',
      violation_code: 'SC-03', violation_name: '销售过期食品', facts: '销售超过保质期的食品', act_ended_on: ended,
    }),
  })
  const kase = await created.json()
  assert.equal(created.status, 201, JSON.stringify(kase))
  const id = kase.id
  const filed = await fetch(`${ctx.server.base}/api/v1/enforcement/cases/${id}/actions/file`, {
    method: 'POST', headers: zf1, body: JSON.stringify({ officers: ['scjg_zf1', 'scjg_zf2'] }),
  })
  assert.equal(filed.status, 200, await filed.text())
  const officer = await watchedPage()
  await login(officer, 'scjg_zf1')
  await officer.goto(`${ctx.server.base}/enforcement/cases/${id}`)
  await officer.locator('h1.page-title').waitFor()
  await officer.waitForLoadState('networkidle')
  await officer.goto(`${ctx.server.base}/api/v1/enforcement/cases/${id}/documents/filing`)
  const h1 = officer.locator('h1')
  await h1.waitFor()
  assert.equal(await h1.evaluate((e) => getComputedStyle(e).textAlign), 'center')
  assert.ok((await officer.locator('body').innerText()).includes(unit))
  assert.equal(await officer.locator('img').count(), 0)
  assert.equal(await officer.evaluate(() => window.__xss), undefined)
  assert.deepEqual(await officer.problems(), [])
  await officer.screenshot({ path: join(outDir, 'xss-enforcement-document.png'), fullPage: true })
  await officer.close()
})
