// A full disk under a running SQLite server: writes are refused with 503 (never a 500 or a
// silence), /healthz says so, nothing acknowledged is lost, and the server recovers by itself
// when space returns. The disk is a small tmpfs filled with a filler file (needs root to mount;
// CI runs as root).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync, execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, openSync, writeSync, closeSync, unlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { bin, freePort, exited, start } from './server.mjs'

const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

// Writes zeros until the file system refuses; returns the filler's path.
function fill(dir) {
  const path = join(dir, 'filler')
  const fd = openSync(path, 'w')
  const block = Buffer.alloc(64 * 1024)
  try {
    for (;;) writeSync(fd, block)
  } catch (e) {
    if (e.code !== 'ENOSPC') throw e
  }
  closeSync(fd)
  return path
}

const mountable = process.getuid?.() === 0 &&
  spawnSync('sh', ['-c', 'd=$(mktemp -d) && mount -t tmpfs -o size=1m tmpfs "$d" && umount "$d"; r=$?; rmdir "$d"; exit $r']).status === 0

test('a full disk gives 503s, loses nothing acknowledged, and recovers when space returns',
  { skip: mountable ? false : 'needs root and mount(8) for a tmpfs' }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zt-full-'))
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=48m', 'tmpfs', dir])
    let proc
    try {
      const db = `sqlite:${join(dir, 'zt.db')}`
      execFileSync(bin, ['--db', db, 'demo', '--bare'], { stdio: 'ignore' })
      const port = await freePort()
      const base = `http://127.0.0.1:${port}`
      proc = await start(db, port, 'error')
      const login = await (await fetch(`${base}/api/v1/auth/login`, {
        method: 'POST', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password: 'Zhengtong@2024', token_type: 'bearer' }),
      })).json()
      const auth = { Authorization: `Bearer ${login.token}`, 'Content-Type': 'application/json' }
      const acknowledged = []
      const statuses = new Map()
      const write = async (name) => {
        const r = await fetch(`${base}/api/v1/units`, { method: 'POST', headers: auth, body: JSON.stringify({ name }) })
        statuses.set(r.status, (statuses.get(r.status) || 0) + 1)
        if (r.status === 201) acknowledged.push(name)
        return r.status
      }
      for (let i = 0; i < 20; i++) assert.equal(await write(`满盘前-${i}`), 201)

      const filler = fill(dir)
      let refused = 0
      for (let i = 0; i < 3000 && refused < 5; i++) {
        const s = await write(`满盘时-${i}`)
        assert.ok(s === 201 || s === 503, `a write on a full disk answered ${s}`)
        if (s === 503) refused++
      }
      assert.ok(refused >= 5, `the full disk never refused a write: ${JSON.stringify([...statuses])}`)
      await sleep(1100)  // past the health probe's second
      const sick = await fetch(`${base}/healthz`)
      assert.equal(sick.status, 503, await sick.text())

      unlinkSync(filler)
      await sleep(1100)
      assert.equal((await fetch(`${base}/healthz`)).status, 200)
      for (let i = 0; i < 5; i++) assert.equal(await write(`恢复后-${i}`), 201)

      proc.kill('SIGKILL')  // and nothing acknowledged may be missing after a restart
      await exited(proc)
      proc = await start(db, port, 'error')
      const units = await (await fetch(`${base}/api/v1/units`, { headers: auth })).json()
      const present = new Set(units.units.map((u) => u.name))
      const lost = acknowledged.filter((n) => !present.has(n))
      assert.deepEqual(lost, [], `${lost.length} of ${acknowledged.length} acknowledged writes lost`)
      const verify = execFileSync(bin, ['--db', db, 'audit', 'verify'], { encoding: 'utf8' })
      assert.match(verify, /留痕链完好/)
    } finally {
      if (proc) { proc.kill('SIGKILL'); await exited(proc) }
      spawnSync('umount', [dir])
      rmSync(dir, { recursive: true, force: true })
    }
  })
