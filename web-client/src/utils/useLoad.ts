import { ref, type Ref } from 'vue'
import { errorMessage } from '../api/errors'

// The loading / error / retry bookkeeping that every data view needs (and StateBlock shows), written once.
export function useLoad<T>(fetcher: () => Promise<T>, initial: T) {
  const data = ref(initial) as Ref<T>
  const loading = ref(true)
  const error = ref<string | null>(null)
  // Only the latest call may write: a quiet refresh started before a tab switch must not overwrite the new tab.
  let generation = 0
  async function load(): Promise<void> {
    const mine = ++generation
    loading.value = true
    error.value = null
    try {
      const result = await fetcher()
      if (mine === generation) data.value = result
    } catch (e) {
      if (mine === generation) error.value = errorMessage(e)
    } finally {
      if (mine === generation) loading.value = false
    }
  }
  /** Fetches again without the loading skeleton (a pushed event changed what is shown); keeps the view on failure. */
  async function refresh(): Promise<void> {
    const mine = ++generation
    try {
      const result = await fetcher()
      if (mine === generation) {
        data.value = result
        error.value = null
        loading.value = false
      }
    } catch {
      /* the next load or push tries again */
    }
  }
  return { data, loading, error, load, refresh }
}
