import { refreshTokens, tokens } from '../api/http'
import { RealtimeClient } from './client'

/** The tab's single realtime connection. */
export const realtime = new RealtimeClient({
  getToken: () => tokens.access,
  onUnauthorized: async () => {
    try {
      await refreshTokens()
      return true
    } catch {
      return false
    }
  },
})
