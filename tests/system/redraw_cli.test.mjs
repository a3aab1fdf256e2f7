// `zhengtong inspect redraw-check PLAN` reruns a recorded 双随机 draw from its seed and input
// snapshot: it confirms an untouched draw and exits non-zero once a pick was altered in the
// database behind the application's back.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn, spawnSync, execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve, dirname } from 'node:path'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const bin = process.env.ZT_BIN || join(root, 'build', 'src', 'app', 'zhengtong')

const freePort = () => new Promise((ok) => {
  const s = createServer()
  s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => ok(port)) })
})

test('a recorded draw reproduces from its seed and a tampered one is caught', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'zt-draw-'))
  const db = `sqlite:${join(dir, 'draw.db')}`
  try {
    // The demo loads the market bureau's directories (data/demo/*.csv).
    execFileSync(bin, ['--db', db, 'demo', '--bare'], { stdio: 'ignore', cwd: root })
    const port = await freePort()
    const base = `http://127.0.0.1:${port}`
    const proc = spawn(bin, ['--db', db, 'serve', '--listen', `127.0.0.1:${port}`], { stdio: 'ignore' })
    let id
    try {
      for (let i = 0; i < 200; i++) {
        try { if ((await fetch(`${base}/healthz`)).ok) break } catch { /* starting */ }
        await new Promise((r) => setTimeout(r, 50))
      }
      const login = await (await fetch(`${base}/api/v1/auth/login`, {
        method: 'POST', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username: 'scjg_zf1', password: 'Zhengtong@2024', token_type: 'bearer' }),
      })).json()
      const r = await fetch(`${base}/api/v1/enforcement/draws`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${login.token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ matter: '食品经营者监督检查', field: '市场监管', seed: '福彩3D 2024058 527' }),
      })
      const body = await r.text()
      assert.equal(r.status, 201, body)
      id = JSON.parse(body).id
    } finally {
      proc.kill('SIGTERM')
      await new Promise((r) => (proc.exitCode !== null ? r() : proc.once('exit', r)))
    }
    const ok = spawnSync(bin, ['--db', db, 'inspect', 'redraw-check', String(id)], { encoding: 'utf8' })
    assert.equal(ok.status, 0, ok.stderr)
    assert.equal(JSON.parse(ok.stdout).same, true)

    // Someone swaps the first drawn entity for another one.
    execFileSync('sqlite3', [db.slice('sqlite:'.length),
      `UPDATE ef_draw_picks SET entity_uscc = (SELECT uscc FROM ef_entities WHERE uscc NOT IN (SELECT entity_uscc FROM ef_draw_picks) LIMIT 1) WHERE draw_id = ${id} AND seq = 1`])
    const bad = spawnSync(bin, ['--db', db, 'inspect', 'redraw-check', String(id)], { encoding: 'utf8' })
    assert.equal(bad.status, 3)
    assert.match(bad.stderr, /不一致/)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})
