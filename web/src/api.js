// A thin client for /api/v1: sends the CSRF token on writes and turns error bodies into
// exceptions carrying the server's Chinese message.
import { reactive } from 'vue'

export const session = reactive({ user: null, csrf: '' })

export class ApiError extends Error {
  constructor(status, body) {
    super(body?.error?.message || `请求失败（${status}）`)
    this.status = status
    this.code = body?.error?.code
    this.field = body?.error?.field
    this.rule = body?.error?.rule
    this.errors = body?.errors // per-row errors of an import, when the server lists them
    // A form checked whole: every field at fault with its message ({ field, message }).
    this.fields = body?.error?.fields || (body?.error?.field ? [{ field: body.error.field, message: this.message }] : [])
  }
}

export async function api(method, path, body) {
  const headers = { Accept: 'application/json' }
  if (body !== undefined) headers['Content-Type'] = 'application/json'
  if (method !== 'GET' && session.csrf) headers['X-CSRF-Token'] = session.csrf
  const res = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  let data = null
  try {
    data = await res.json()
  } catch {
    data = null
  }
  if (!res.ok) throw new ApiError(res.status, data)
  return data
}

let clockOffset = 0
// Now on the server's clock (as of the last /auth/me): the current period, default dates.
export const serverNow = () => new Date(Date.now() + clockOffset)
// Today in Beijing on the server's clock, as YYYY-MM-DD.
export const serverToday = () => new Date(serverNow().getTime() + 8 * 3600 * 1000).toISOString().slice(0, 10)

export async function loadSession() {
  try {
    const me = await api('GET', '/api/v1/auth/me')
    session.user = me
    session.csrf = me.csrf_token
    // The server's clock, not the browser's, decides "this month" (a demo runs in 2024).
    if (me.now) clockOffset = Date.parse(me.now) - Date.now()
  } catch {
    session.user = null
    session.csrf = ''
  }
  return session.user
}

export async function login(username, password) {
  const r = await api('POST', '/api/v1/auth/login', { username, password })
  session.csrf = r.csrf_token
  return loadSession()
}

export async function logout() {
  try {
    await api('POST', '/api/v1/auth/logout')
  } finally {
    session.user = null
    session.csrf = ''
  }
}

export const can = (perm) => !!session.user?.permissions?.includes(perm)

// Sends a file as the raw request body (attachments, .docx notices, .xlsx ledgers).
export async function upload(path, file) {
  const headers = { Accept: 'application/json', 'Content-Type': file.type || 'application/octet-stream' }
  if (session.csrf) headers['X-CSRF-Token'] = session.csrf
  const res = await fetch(path, { method: 'POST', headers, credentials: 'same-origin', body: file })
  let data = null
  try {
    data = await res.json()
  } catch {
    data = null
  }
  if (!res.ok) throw new ApiError(res.status, data)
  return data
}
