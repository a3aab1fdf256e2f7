// The newcomer's demo: `zhengtong demo` run from outside the repository finds its data, makes the
// city's year up to 20 September 2024 once (a second run adds nothing), the audit chain over it
// verifies, and a server started on the demo's clock shows a city at work: reports in every
// state, bulletins out, cases in every state, decisions and inspection results on the public page.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { bin, freePort, exited, start } from './server.mjs'

test('the demo year loads from any directory, once, and looks like a city at work', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'zt-demo-'))
  const db = `sqlite:${join(dir, 'demo.db')}`
  let proc
  try {
    const first = spawnSync(bin, ['--db', db, 'demo'], { cwd: dir, encoding: 'utf8' })
    assert.equal(first.status, 0, first.stderr)
    assert.match(first.stdout, /演示年度数据已生成（截至 2024年9月20日）/)
    const again = spawnSync(bin, ['--db', db, 'demo'], { cwd: dir, encoding: 'utf8' })
    assert.equal(again.status, 0, again.stderr)
    assert.match(again.stdout, /演示年度数据已存在/)
    const verify = spawnSync(bin, ['--db', db, 'audit', 'verify'], { encoding: 'utf8' })
    assert.equal(verify.status, 0, verify.stderr)

    const port = await freePort()
    const base = `http://127.0.0.1:${port}`
    proc = await start(db, port, 'warn', ['--clock-start', 'demo'])
    const login = async (username) => (await (await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username, password: 'Zhengtong@2024', token_type: 'bearer' }),
    })).json()).token
    const get = async (token, path) => {
      const r = await fetch(base + path, { headers: { Authorization: `Bearer ${token}` } })
      assert.equal(r.status, 200, path)
      return r.json()
    }
    const office = await login('ducha')
    // The server's today is the demo's: the session ends on 20 September 2024.
    const me = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'ducha', password: 'Zhengtong@2024' }),
    })
    assert.match((await me.json()).expires_at, /^2024-09-2/)

    const august = await get(office, '/api/v1/supervision/slots?period=2024-08')
    const states = new Set(august.slots.map((s) => s.state))
    for (const s of ['按时', '迟报', '补报', '未报']) assert.ok(states.has(s), `August has ${s}`)
    const onTime = august.slots.filter((s) => s.state === '按时').length
    assert.ok(onTime > august.slots.length * 0.7, 'most reports are on time')
    assert.ok(august.slots.some((s) => s.revisions > 1), 'some reports were revised')
    const september = await get(office, '/api/v1/supervision/slots?period=2024-09')
    const filed = september.slots.filter((s) => s.state !== '未报').length
    assert.ok(filed > 0 && filed < september.slots.length, 'September is half in')
    assert.equal(september.slots.some((s) => s.overdue), false, 'nothing of September is overdue yet')

    const inspections = (await get(office, '/api/v1/supervision/inspections')).inspections
    assert.deepEqual(new Set(inspections.map((i) => i.state)), new Set(['整改中', '待销号', '已销号']))

    const officer = await login('scjg_zf1')
    const cases = await get(officer, '/api/v1/enforcement/cases')
    const list = Array.isArray(cases) ? cases : cases.items
    assert.ok(new Set(list.map((c) => c.state)).size >= 10, 'cases in every state')
    const decisions = await (await fetch(`${base}/api/v1/public/decisions`)).json()
    assert.ok(decisions.length >= 5, 'decisions are disclosed')
    const results = await (await fetch(`${base}/api/v1/public/inspection-results`)).json()
    assert.ok(results.length > 0, 'the spring draw is published')
  } finally {
    if (proc) { proc.kill('SIGTERM'); await exited(proc) }
    rmSync(dir, { recursive: true, force: true })
  }
})
