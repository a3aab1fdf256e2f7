// Shared set-up for browser tests: a zhengtong server on a free loopback port with a fresh
// SQLite database and the demo data, and Debian's Chromium driven by playwright-core.
import { before, after } from 'node:test'
import { spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve, dirname } from 'node:path'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
export const root = resolve(here, '../..')
const require = createRequire(join(root, 'web', 'package.json'))
const { chromium } = require('playwright-core')

export const outDir = process.env.ZT_TEST_OUTPUT || join(root, 'test-output', 'e2e')
mkdirSync(outDir, { recursive: true })

function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer()
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address()
      s.close(() => ok(port))
    })
    s.on('error', fail)
  })
}

// `extraArgs` are added to `serve` (e.g. ['--transit-clock-start', '1402012800']). With
// `fullDemo` the database holds the whole demo year (`zhengtong demo`) and the server's clock
// starts on the demo's today (2024-09-20); otherwise the organisation alone on the real clock.
export async function startServer(extraArgs = [], { fullDemo = false } = {}) {
  const bin = process.env.ZT_BIN || join(root, 'build', 'src', 'app', 'zhengtong')
  const dir = mkdtempSync(join(tmpdir(), 'zt-e2e-'))
  const port = await freePort()
  const db = `sqlite:${join(dir, 'e2e.db')}`
  if (fullDemo) {
    const demo = spawn(bin, ['--db', db, 'demo'], { stdio: 'ignore', env: { ...process.env, ZT_LOG_LEVEL: 'warn' } })
    const code = await new Promise((ok) => demo.once('exit', ok))
    if (code !== 0) throw new Error(`zhengtong demo exited with ${code}`)
  }
  const proc = spawn(bin, ['--db', db, 'serve', ...(fullDemo ? ['--clock-start', 'demo'] : ['--demo']),
    '--listen', `127.0.0.1:${port}`, '--static', join(root, 'web', 'dist'), ...extraArgs],
  { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ZT_LOG_LEVEL: 'warn' } })
  let output = ''
  proc.stdout.on('data', (d) => { output += d })
  proc.stderr.on('data', (d) => { output += d })
  const base = `http://127.0.0.1:${port}`
  for (let i = 0; i < 200; i++) {
    try {
      const r = await fetch(`${base}/healthz`)
      if (r.ok) break
    } catch { /* not up yet */ }
    if (proc.exitCode !== null) throw new Error(`server exited: ${output}`)
    await new Promise((r) => setTimeout(r, 50))
  }
  return {
    base,
    async stop() {
      proc.kill('SIGTERM')
      await new Promise((r) => proc.once('exit', r))
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.ZT_CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  })
}

// Uncaught exceptions and console errors of a page fail the test when it closes the page
// (a failed request or WebSocket the page handles itself — a 401 before login, a 4xx the test
// provokes, a board's socket for a stop that does not exist — is the network's message, not the
// page's fault, and is left out).
function watchErrors(browser) {
  const newPage = browser.newPage.bind(browser)
  browser.newPage = async (...args) => {
    const page = await newPage(...args)
    const errors = []
    page.on('pageerror', (e) => errors.push(`uncaught: ${e.message}`))
    page.on('console', (m) => {
      const network = /^(Failed to load resource|WebSocket connection to )/.test(m.text())
      if (m.type() === 'error' && !network) errors.push(`console: ${m.text()}`)
    })
    const close = page.close.bind(page)
    page.close = async (...a) => {
      await close(...a)
      if (errors.length) throw new Error(`the page logged errors:\n${errors.join('\n')}`)
    }
    return page
  }
  return browser
}

// Registers the file's before/after hooks: one server and one browser shared by its tests.
export function withServerAndBrowser({ serverArgs = [], fullDemo = false } = {}) {
  const ctx = { server: null, browser: null }
  before(async () => {
    ctx.server = await startServer(serverArgs, { fullDemo })
    ctx.browser = watchErrors(await launchBrowser())
  })
  after(async () => {
    await ctx.browser?.close()
    await ctx.server?.stop()
  })
  return ctx
}

// Logs `page` in as a demo user (password Zhengtong@2024) and waits for 工作台.
export async function loginPage(ctx, page, username) {
  await page.goto(`${ctx.server.base}/login`)
  await page.fill('input[name=username]', username)
  await page.fill('input[name=password]', 'Zhengtong@2024')
  await page.click('button.login-button')
  await page.locator('h1.page-title', { hasText: '工作台' }).waitFor()
}
