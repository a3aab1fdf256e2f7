// The dispatch events WebSocket (/api/v1/transit/dispatch/ws), shared by the alarms and advice
// panels of one page: one connection, reconnecting with a growing delay when it drops.
// subscribe(fn) calls fn(message) for every event ({type, event, alarm|advice}) and returns
// the unsubscribe function; the connection closes when the last subscriber leaves.
import { ref } from 'vue'

const listeners = new Set()
let socket = null
let retry = 0
let timer = null
export const connected = ref(false)

function open() {
  if (socket || listeners.size === 0) return
  const proto = location.protocol === 'https:' ? 'wss' : 'ws'
  socket = new WebSocket(`${proto}://${location.host}/api/v1/transit/dispatch/ws`)
  socket.onopen = () => { connected.value = true; retry = 0 }
  socket.onmessage = (e) => {
    let msg
    try { msg = JSON.parse(e.data) } catch { return }
    for (const fn of listeners) fn(msg)
  }
  socket.onclose = () => {
    connected.value = false
    socket = null
    if (listeners.size > 0) timer = setTimeout(open, Math.min(60000, 2000 * 2 ** retry++))
  }
}

export function subscribe(fn) {
  listeners.add(fn)
  open()
  return () => {
    listeners.delete(fn)
    if (listeners.size === 0) {
      clearTimeout(timer)
      if (socket) socket.close()
      socket = null
    }
  }
}

// "HH:MM:SS" Beijing time of unix seconds.
export function clock(unix) {
  if (!unix) return ''
  return new Intl.DateTimeFormat('zh-CN', {
    hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23', timeZone: 'Asia/Shanghai',
  }).format(new Date(unix * 1000))
}

export function minutes(seconds) {
  return `${(seconds / 60).toFixed(1)} 分钟`
}
