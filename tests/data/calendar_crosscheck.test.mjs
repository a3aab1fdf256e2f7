// The shipped calendar (data/calendar, from holiday-cn) must give the same working-day status as
// the npm package chinese-days for every date of 2020-2026.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join, resolve, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const require = createRequire(join(root, 'web', 'package.json'))
const chineseDays = JSON.parse(readFileSync(require.resolve('chinese-days/dist/chinese-days.json'), 'utf8'))

const ours = new Map()
for (let y = 2020; y <= 2026; y++) {
  const doc = JSON.parse(readFileSync(join(root, 'data', 'calendar', `holiday-cn-${y}.json`), 'utf8'))
  assert.ok(doc.papers.length > 0, `${y}: the State Council notice is named`)
  for (const d of doc.days) ours.set(d.date, !d.isOffDay)
}

function weekday(iso) {
  const day = new Date(`${iso}T00:00:00Z`).getUTCDay()
  return day !== 0 && day !== 6
}
const theirs = (iso) =>
  iso in chineseDays.workdays ? true : iso in chineseDays.holidays ? false : weekday(iso)
const mine = (iso) => (ours.has(iso) ? ours.get(iso) : weekday(iso))

test('every date 2020-2026 has the same working-day status in both sources', () => {
  const diffs = []
  let days = 0
  for (let t = Date.UTC(2020, 0, 1); t <= Date.UTC(2026, 11, 31); t += 86400000) {
    const iso = new Date(t).toISOString().slice(0, 10)
    days++
    if (mine(iso) !== theirs(iso)) diffs.push(`${iso}: ours ${mine(iso)}, chinese-days ${theirs(iso)}`)
  }
  assert.equal(days, 2557)
  assert.deepEqual(diffs, [])
})

test('the 2024 Spring Festival facts hold in both', () => {
  for (const f of [mine, theirs]) {
    assert.equal(f('2024-02-04'), true)
    assert.equal(f('2024-02-18'), true)
    assert.equal(f('2024-02-10'), false)
    assert.equal(f('2024-02-17'), false)
  }
})
