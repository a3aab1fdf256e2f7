// Client-side pages over a list the page already holds (a unit's queue, its draws): `rows` is the
// current page, `page` resets to 1 whenever the list changes length.
import { computed, ref, watch } from 'vue'

export function usePaged(list, size = 10) {
  const page = ref(1)
  const all = computed(() => list.value || [])
  const rows = computed(() => all.value.slice((page.value - 1) * size, page.value * size))
  watch(() => all.value.length, () => { page.value = 1 })
  return { page, rows, size, total: computed(() => all.value.length) }
}
