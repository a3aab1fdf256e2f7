// Starting the real binary for the system tests: a free port, a server that answers /healthz,
// and waiting for a process to exit.
import { spawn } from 'node:child_process'
import { join, resolve, dirname } from 'node:path'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
export const bin = process.env.ZT_BIN || join(root, 'build', 'src', 'app', 'zhengtong')

export const freePort = () => new Promise((ok) => {
  const s = createServer()
  s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => ok(port)) })
})

export const exited = (proc) => new Promise((r) => {
  if (proc.exitCode !== null || proc.signalCode !== null) r()
  else proc.once('exit', r)
})

// `zhengtong serve` on `db` (with `extra` serve options), resolved once /healthz answers 200.
export async function start(db, port, logLevel = 'warn', extra = []) {
  const proc = spawn(bin, ['--db', db, 'serve', '--listen', `127.0.0.1:${port}`, ...extra],
    { stdio: 'ignore', env: { ...process.env, ZT_LOG_LEVEL: logLevel } })
  for (let i = 0; i < 200; i++) {
    try { if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) return proc } catch { /* starting */ }
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error('server did not start')
}
