// Dispatch message statuses as the console shows them (the server sends status and status_label).
export const statusTagType = {
  queued: 'info',
  sent: 'warning',
  delivered: 'success',
  timed_out: 'danger',
  failed: 'danger',
}
export const statusLabel = {
  queued: '待发送',
  sent: '已发送',
  delivered: '已送达',
  timed_out: '超时未确认',
  failed: '发送失败',
}
// How far a message has got: queued, then sent, then one of the ends. Pushes and answers can
// arrive out of order; a view keeps the further one.
export const statusRank = (m) => ({ queued: 0, sent: 1 })[m.status] ?? 2

// The WebSocket of status changes; `onMessage` gets each changed message. Reconnects with a
// growing pause while the component lives; returns a function that closes it.
export function watchMessages(onMessage) {
  let socket = null
  let closed = false
  let retry = 0
  const open = () => {
    const proto = location.protocol === 'https:' ? 'wss' : 'ws'
    socket = new WebSocket(`${proto}://${location.host}/api/v1/transit/messages/ws`)
    socket.onopen = () => { retry = 0 }
    socket.onmessage = (e) => {
      try {
        const data = JSON.parse(e.data)
        if (data.type === 'dispatch_message') onMessage(data.message)
      } catch { /* not ours */ }
    }
    socket.onclose = () => {
      if (closed) return
      retry = Math.min(retry + 1, 6)
      setTimeout(() => { if (!closed) open() }, 1000 * 2 ** retry)
    }
  }
  open()
  return () => {
    closed = true
    socket?.close()
  }
}
