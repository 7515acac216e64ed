import { ref, type Ref } from 'vue'
import { errorMessage } from '../api/errors'

// The loading / error / retry bookkeeping that every data view needs (and StateBlock shows), written once.
export function useLoad<T>(fetcher: () => Promise<T>, initial: T) {
  const data = ref(initial) as Ref<T>
  const loading = ref(true)
  const error = ref<string | null>(null)
  async function load(): Promise<void> {
    loading.value = true
    error.value = null
    try {
      data.value = await fetcher()
    } catch (e) {
      error.value = errorMessage(e)
    } finally {
      loading.value = false
    }
  }
  /** Fetches again without the loading skeleton (a pushed event changed what is shown); keeps the view on failure. */
  async function refresh(): Promise<void> {
    try {
      data.value = await fetcher()
      error.value = null
    } catch {
      /* the next load or push tries again */
    }
  }
  return { data, loading, error, load, refresh }
}
