import { request } from '../api/http'

/** Fetches a file with the bearer token and saves it through a blob URL. */
export async function downloadWithAuth(path: string, filename: string): Promise<void> {
  const res = await request<Response>(path, { raw: true, headers: { Accept: 'text/calendar, */*' } })
  const blob = await res.blob()
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = filename
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}
