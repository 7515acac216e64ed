import { noticeText } from '../utils/notice'
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { api } from '../api/http'
import type { AppNotification } from '../api/types'
import { realtime } from '../realtime/instance'
import type { ConnectionState } from '../realtime/protocol'

export interface Toast {
  id: number
  title: string
  body: string
}

const SEQ_KEY = 'wenxin.lastSeq'

export const useNotificationStore = defineStore('notifications', () => {
  const items = ref<AppNotification[]>([])
  const unreadCount = ref(0)
  const connection = ref<ConnectionState>('idle')
  const toasts = ref<Toast[]>([])
  let toastId = 0
  let wired = false

  const lastSeq = computed(() => items.value.reduce((m, n) => Math.max(m, n.seq || 0), 0))

  function pushToast(title: string, body: string) {
    const id = ++toastId
    // at most two at a time (the newest), so a burst never covers the page
    toasts.value = [...toasts.value.slice(-1), { id, title, body }]
    setTimeout(() => dismiss(id), 6000)
  }
  function dismiss(id: number) {
    toasts.value = toasts.value.filter((t) => t.id !== id)
  }

  function wire() {
    if (wired) return
    wired = true
    realtime.on('state', (s) => (connection.value = s))
    realtime.on('notification', ({ seq, notification }) => {
      sessionStorage.setItem(SEQ_KEY, String(seq))
      if (items.value.some((n) => n.id === notification.id)) return
      items.value.unshift({ ...notification, seq: notification.seq ?? seq })
      if (!notification.readAt) unreadCount.value++
      const text = noticeText(notification)
      pushToast(text.title, text.body)
    })
  }

  async function load() {
    const res = await api.get<{ items: AppNotification[]; unread: number }>('/api/v1/notifications')
    items.value = res.items
    unreadCount.value = res.unread
  }

  /** Loads the inbox, then opens the tab's WebSocket resuming after the newest seq seen. */
  async function start() {
    wire()
    try {
      await load()
    } catch {
      /* the bell stays empty; the socket still replays */
    }
    const stored = Number(sessionStorage.getItem(SEQ_KEY) || 0)
    realtime.start(Math.max(stored, lastSeq.value))
  }

  async function markRead(n: AppNotification) {
    if (n.readAt) return
    await api.post(`/api/v1/notifications/${encodeURIComponent(n.id)}/read`)
    n.readAt = new Date().toISOString()
    unreadCount.value = Math.max(0, unreadCount.value - 1)
  }

  function reset() {
    items.value = []
    unreadCount.value = 0
    toasts.value = []
  }

  return { items, unreadCount, connection, toasts, start, load, markRead, dismiss, pushToast, reset }
})
