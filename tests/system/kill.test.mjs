// Crash safety: run a write load against the server, kill -9 it mid-load, restart it, and check
// that every write that was acknowledged with a 2xx is there and the audit chain verifies.
// Runs on SQLite, and on PostgreSQL when ZT_TEST_PG_URL is set.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import { bin, freePort, exited, start } from './server.mjs'

async function killMidLoad(db) {
  execFileSync(bin, ['--db', db, 'demo', '--bare'], { stdio: 'ignore' })
  const port = await freePort()
  const base = `http://127.0.0.1:${port}`
  let proc = await start(db, port)
  const login = await (await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: 'Zhengtong@2024', token_type: 'bearer' }),
  })).json()
  const auth = { Authorization: `Bearer ${login.token}`, 'Content-Type': 'application/json' }
  const acknowledged = []
  let stop = false
  let attempted = 0
  const worker = async (w) => {
    for (let i = 0; !stop && i < 100000; i++) {
      const name = `压力测试单位-${w}-${i}`
      attempted++
      try {
        const r = await fetch(`${base}/api/v1/units`, { method: 'POST', headers: auth, body: JSON.stringify({ name }) })
        if (r.status === 201) acknowledged.push(name)
      } catch { return }  // the server is gone
    }
  }
  const workers = [0, 1, 2, 3].map(worker)
  await new Promise((r) => setTimeout(r, 1500))
  proc.kill('SIGKILL')
  stop = true
  await Promise.all(workers)
  await exited(proc)
  assert.ok(acknowledged.length > 10, `only ${acknowledged.length} writes acknowledged before the kill`)

  proc = await start(db, port)
  try {
    const units = await (await fetch(`${base}/api/v1/units`, { headers: auth })).json()
    const present = new Set(units.units.map((u) => u.name))
    const lost = acknowledged.filter((n) => !present.has(n))
    assert.deepEqual(lost, [], `${lost.length} of ${acknowledged.length} acknowledged writes lost`)
  } finally {
    proc.kill('SIGTERM')
    await exited(proc)
  }
  const verify = execFileSync(bin, ['--db', db, 'audit', 'verify'], { encoding: 'utf8' })
  assert.match(verify, /留痕链完好/)
  return { acknowledged: acknowledged.length, attempted }
}

test('SQLite: kill -9 mid-load loses no acknowledged write', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'zt-kill-'))
  try {
    const r = await killMidLoad(`sqlite:${join(dir, 'kill.db')}`)
    console.log(`# sqlite: ${r.acknowledged} acknowledged of ${r.attempted} attempted`)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('PostgreSQL: kill -9 mid-load loses no acknowledged write', { skip: !process.env.ZT_TEST_PG_URL && 'ZT_TEST_PG_URL not set' }, async () => {
  const base = process.env.ZT_TEST_PG_URL
  const schema = `kill_${randomBytes(4).toString('hex')}`
  execFileSync('psql', [base, '-qc', `CREATE SCHEMA ${schema}`])
  try {
    const r = await killMidLoad(`${base}${base.includes('?') ? '&' : '?'}options=-csearch_path%3D${schema}`)
    console.log(`# postgresql: ${r.acknowledged} acknowledged of ${r.attempted} attempted`)
  } finally {
    execFileSync('psql', [base, '-qc', `SET client_min_messages = warning; DROP SCHEMA ${schema} CASCADE`])
  }
})
