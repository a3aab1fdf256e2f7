// `zhengtong audit verify` exits non-zero and names the first bad record when the trail was
// tampered with outside the application (here: with the sqlite3 shell).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync, execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const bin = process.env.ZT_BIN || join(root, 'build', 'src', 'app', 'zhengtong')

test('audit verify passes on a fresh trail and names the edited record after tampering', () => {
  const dir = mkdtempSync(join(tmpdir(), 'zt-audit-'))
  const file = join(dir, 'audit.db')
  try {
    execFileSync(bin, ['--db', `sqlite:${file}`, 'demo', '--bare'], { stdio: 'ignore' })
    const ok = spawnSync(bin, ['--db', `sqlite:${file}`, 'audit', 'verify'], { encoding: 'utf8' })
    assert.equal(ok.status, 0, ok.stderr)
    assert.match(ok.stdout, /留痕链完好/)

    execFileSync('sqlite3', [file, "UPDATE audit_log SET summary = '篡改' WHERE seq = 5"])
    const bad = spawnSync(bin, ['--db', `sqlite:${file}`, 'audit', 'verify'], { encoding: 'utf8' })
    assert.equal(bad.status, 3)
    assert.match(bad.stderr, /第 5 条记录/)

    execFileSync('sqlite3', [file, 'DELETE FROM audit_log WHERE seq = 5'])
    const gap = spawnSync(bin, ['--db', `sqlite:${file}`, 'audit', 'verify'], { encoding: 'utf8' })
    assert.equal(gap.status, 3)
    assert.match(gap.stderr, /第 6 条记录/)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('audit verify only reads: it neither creates a database nor applies a migration', () => {
  const dir = mkdtempSync(join(tmpdir(), 'zt-audit-ro-'))
  const file = join(dir, 'audit.db')
  try {
    const missing = spawnSync(bin, ['--db', `sqlite:${file}`, 'audit', 'verify'], { encoding: 'utf8' })
    assert.notEqual(missing.status, 0)
    assert.equal(existsSync(file), false, 'verify created a database')

    execFileSync(bin, ['--db', `sqlite:${file}`, 'demo', '--bare'], { stdio: 'ignore' })
    // As if the database predated core migration 2: a verify that migrated would try again.
    execFileSync('sqlite3', [file, "DELETE FROM schema_migrations WHERE module = 'core' AND number = 2"])
    const ok = spawnSync(bin, ['--db', `sqlite:${file}`, 'audit', 'verify'], { encoding: 'utf8' })
    assert.equal(ok.status, 0, ok.stderr)
    const left = execFileSync('sqlite3', [file, "SELECT COUNT(*) FROM schema_migrations WHERE module = 'core' AND number = 2"], { encoding: 'utf8' })
    assert.equal(left.trim(), '0')
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})
