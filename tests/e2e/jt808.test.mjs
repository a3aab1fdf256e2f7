// 调度消息 in a real browser: a bus of the vehicle register connects to the JT/T 808 gateway as a
// 2019 terminal (written here byte by byte), a dispatcher sends it a message from the page, the
// terminal answers 0x0001 and the page shows 已送达 without reloading; at 1440×900 and 390×844,
// with screenshots.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { connect } from 'node:net'
import { join } from 'node:path'
import { loginPage, outDir, withServerAndBrowser } from './harness.mjs'

const jt808Port = 21000 + Math.floor(Math.random() * 20000)
const ctx = withServerAndBrowser({ serverArgs: ['--jt808', `127.0.0.1:${jt808Port}`] })
const plate = '豫M·E2E01'

// --- a minimal JT/T 808-2019 terminal ------------------------------------------------------
const phone = Buffer.from('00000000013800138099', 'hex') // BCD[10]
function frame(id, serial, body) {
  const head = Buffer.alloc(17)
  head.writeUInt16BE(id, 0)
  head.writeUInt16BE(0x4000 | body.length, 2) // version flag, length
  head[4] = 1 // protocol version
  phone.copy(head, 5)
  head.writeUInt16BE(serial, 15)
  const raw = Buffer.concat([head, body])
  let check = 0
  for (const b of raw) check ^= b
  const bytes = [0x7e]
  for (const b of [...raw, check]) {
    if (b === 0x7e) bytes.push(0x7d, 0x02)
    else if (b === 0x7d) bytes.push(0x7d, 0x01)
    else bytes.push(b)
  }
  bytes.push(0x7e)
  return Buffer.from(bytes)
}
function unframe(escaped) {
  const out = []
  for (let i = 0; i < escaped.length; i++) {
    if (escaped[i] === 0x7d) out.push(escaped[++i] === 0x02 ? 0x7e : 0x7d)
    else out.push(escaped[i])
  }
  const b = Buffer.from(out)
  return { id: b.readUInt16BE(0), serial: b.readUInt16BE(15), body: b.subarray(17, b.length - 1) }
}
function pad(text, n) {
  const b = Buffer.alloc(n)
  b.write(text, 'latin1')
  return b
}
function bcdTime(date) {
  const t = new Date(date.getTime() + 8 * 3600 * 1000) // GMT+8
  const two = (v) => String(v).padStart(2, '0')
  return Buffer.from(two(t.getUTCFullYear() % 100) + two(t.getUTCMonth() + 1) + two(t.getUTCDate()) +
    two(t.getUTCHours()) + two(t.getUTCMinutes()) + two(t.getUTCSeconds()), 'hex')
}

class Terminal {
  constructor(port) {
    this.serial = 0
    this.frames = []
    this.waiters = []
    this.texts = []
    this.socket = connect(port, '127.0.0.1')
    let buf = Buffer.alloc(0)
    this.socket.on('data', (d) => {
      buf = Buffer.concat([buf, d])
      for (;;) {
        const start = buf.indexOf(0x7e)
        const end = start < 0 ? -1 : buf.indexOf(0x7e, start + 1)
        if (end < 0) break
        if (end > start + 1) this.frames.push(unframe(buf.subarray(start + 1, end)))
        buf = buf.subarray(end + 1)
      }
      this.wake()
    })
  }
  wake() {
    for (const p of this.frames.filter((f) => f.id === 0x8300)) {
      this.texts.push(p.body.subarray(2))
      const reply = Buffer.alloc(5)
      reply.writeUInt16BE(p.serial, 0)
      reply.writeUInt16BE(0x8300, 2)
      this.socket.write(frame(0x0001, this.serial++, reply))
    }
    this.frames = this.frames.filter((f) => f.id !== 0x8300)
    for (const w of [...this.waiters]) w()
  }
  next(id) {
    return new Promise((ok, fail) => {
      const timer = setTimeout(() => fail(new Error(`no 0x${id.toString(16)}`)), 5000)
      const check = () => {
        const i = this.frames.findIndex((f) => f.id === id)
        if (i < 0) return
        const [f] = this.frames.splice(i, 1)
        clearTimeout(timer)
        this.waiters = this.waiters.filter((w) => w !== check)
        ok(f)
      }
      this.waiters.push(check)
      check()
    })
  }
  async join(plateGbk) {
    const reg = Buffer.concat([Buffer.from([0x00, 0x29, 0x05, 0x14]), pad('ZTE2E', 11), pad('E2E', 30),
      pad('T0E2E01', 30), Buffer.from([1]), plateGbk])
    this.socket.write(frame(0x0100, this.serial++, reg))
    const answer = await this.next(0x8100)
    assert.equal(answer.body[2], 0, 'registration accepted')
    const code = answer.body.subarray(3)
    const auth = Buffer.concat([Buffer.from([code.length]), code, pad('860000000000099', 15), pad('E2E-1.0', 20)])
    this.socket.write(frame(0x0102, this.serial++, auth))
    const ok = await this.next(0x8001)
    assert.equal(ok.body[4], 0, 'authenticated')
  }
  async report(lat, lon) {
    const b = Buffer.alloc(28)
    b.writeUInt32BE(3, 4) // ACC, located
    b.writeUInt32BE(Math.round(lat * 1e6), 8)
    b.writeUInt32BE(Math.round(lon * 1e6), 12)
    b.writeUInt16BE(300, 18) // 30 km/h
    b.writeUInt16BE(90, 20)
    bcdTime(new Date()).copy(b, 22)
    this.socket.write(frame(0x0200, this.serial++, b))
    await this.next(0x8001)
  }
}

async function api(base, method, path, body, token) {
  const r = await fetch(base + path, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'text/csv' },
    body,
  })
  return { status: r.status, json: await r.json() }
}

test('a message sent from the page is delivered to a JT/T 808 terminal', async () => {
  const base = ctx.server.base
  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'jt_gh', password: 'Zhengtong@2024', token_type: 'bearer' }),
  })
  const { token } = await login.json()
  const csv = '车牌号,车型,能源类型,车长（米）,地板类型,车载视频监控,客流调查仪,驾驶区防护隔离,投入运营日期,所属场站\n' +
    `${plate},宇通ZK6105BEVG,纯电动,10.5,低地板,是,是,是,2024-03-01,东区\n`
  const imported = await api(base, 'POST', '/api/v1/transit/fleet/vehicles/import?name=e2e.csv', csv, token)
  assert.equal(imported.status, 200, JSON.stringify(imported.json))

  const bus = new Terminal(jt808Port)
  // 豫M·E2E01 in GBK: 豫 D4A5, M, · A1A4, E2E01.
  await bus.join(Buffer.concat([Buffer.from([0xd4, 0xa5]), Buffer.from('M'), Buffer.from([0xa1, 0xa4]), Buffer.from('E2E01')]))
  await bus.report(34.7722, 111.1950)

  for (const [name, viewport] of [['desktop', { width: 1440, height: 900 }], ['phone', { width: 390, height: 844 }]]) {
    const context = await ctx.browser.newContext({ locale: 'zh-CN', viewport })
    const page = await context.newPage()
    await loginPage(ctx, page, 'gj_dd')
    await page.goto(`${base}/transit/messages`)
    await page.locator('h1.page-title', { hasText: '调度消息' }).waitFor()
    await page.locator('[data-test=messages-vehicle]').click()
    await page.locator('.el-select-dropdown__item', { hasText: plate }).click()
    await page.locator('[data-test=vm-terminal]', { hasText: '在线' }).waitFor()
    const text = name === 'desktop' ? '前方道路施工，请按调度指令绕行' : '请在下一站等候后车'
    await page.locator('textarea[data-test=vm-text], [data-test=vm-text] textarea').first().fill(text)
    await page.click('[data-test=vm-send]')
    // The terminal answers at once; the page learns it over the WebSocket.
    await page.locator('[data-test=vm-log] [data-test=vm-status]', { hasText: '已送达' }).first().waitFor({ timeout: 10000 })
    // The log names the bus by its plate, as dispatchers do.
    const row = page.locator('[data-test=messages-log] .el-table__body tr', { hasText: text })
    await row.waitFor()
    assert.equal((await row.locator('td').nth(1).innerText()).trim(), plate)
    const width = await page.evaluate(() => document.documentElement.scrollWidth)
    assert.ok(width <= viewport.width + 1, `fits the ${name} (${width}px)`)
    await page.screenshot({ path: join(outDir, `jt808-messages-${name}.png`), fullPage: true })
    await page.close()
    await context.close()
  }
  assert.equal(bus.texts.length, 2)
  bus.socket.destroy()
})
