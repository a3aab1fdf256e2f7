// The open items of one kind of dispatch event (alarms, advice), newest first: read once from
// their route, then kept live from the dispatch WebSocket (no polling). `act(item, path, done)`
// posts a decision on one item and takes the answer (`done`: the message, or a function of the
// answer giving it); a refused one reloads the list.
//   kind:  the event's `type` and its item's field ('alarm', 'advice')
//   list:  the route answering { [field]: [...] } (…/dispatch/alarms, …/dispatch/advice)
//   field: the answer's list field ('alarms', 'advice')
//   open:  whether an item still belongs on the list
//   route: a ref of a GTFS route_id to keep only its items ('' for all)
import { onMounted, onUnmounted, ref } from 'vue'
import { ElMessage } from 'element-plus'
import { api } from '../api.js'
import { subscribe } from '../components/dispatch/dispatchSocket.js'

export function useLiveList({ kind, list, field, open, route }) {
  const items = ref([])
  const error = ref('')
  const busy = ref(0)

  function upsert(a) {
    const i = items.value.findIndex((x) => x.id === a.id)
    if (!open(a) || (route() && a.route_id !== route())) {
      if (i >= 0) items.value.splice(i, 1)
      return
    }
    if (i >= 0) items.value.splice(i, 1, a)
    else items.value.unshift(a)
  }

  async function load() {
    try {
      const q = route() ? `&route=${encodeURIComponent(route())}` : ''
      items.value = (await api('GET', `${list}?state=open&per_page=100${q}`))[field]
      error.value = ''
    } catch (e) {
      error.value = e.message
    }
  }

  async function act(a, what, done) {
    busy.value = a.id
    try {
      const answer = await api('POST', `${list}/${a.id}/${what}`, {})
      upsert(answer)
      ElMessage.success(typeof done === 'function' ? done(answer) : done)
    } catch (e) {
      ElMessage.error(e.message)
      await load()
    } finally {
      busy.value = 0
    }
  }

  let unsubscribe = null
  onMounted(() => {
    load()
    unsubscribe = subscribe((m) => { if (m.type === kind && m[kind]) upsert(m[kind]) })
  })
  onUnmounted(() => unsubscribe && unsubscribe())
  return { items, error, busy, act }
}
