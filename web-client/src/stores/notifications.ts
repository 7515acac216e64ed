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
  /** Subjects (booking ids) whose change this tab just toasted: their pushed notice goes to the bell only. */
  const echoes = new Map<string, number>()
  const toastOfSubject = new Map<string, number>()
  let wired = false

  const lastSeq = computed(() => items.value.reduce((m, n) => Math.max(m, n.seq || 0), 0))

  function pushToast(title: string, body: string) {
    const id = ++toastId
    // at most two at a time (the newest), so a burst never covers the page
    toasts.value = [...toasts.value.slice(-1), { id, title, body }]
    setTimeout(() => dismiss(id), 6000)
    return id
  }
  /** The action that changed this subject has shown its own toast: the push that follows shows none. */
  function expectEcho(subject: string) {
    echoes.set(subject, Date.now() + 30_000)
    // the push may have come before the action's answer: take its toast back
    const shown = toastOfSubject.get(subject)
    if (shown !== undefined) dismiss(shown)
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
      const subject = (notification.data as Record<string, unknown> | undefined)?.bookingId
      if (typeof subject === 'string' && (echoes.get(subject) ?? 0) > Date.now()) return
      const text = noticeText(notification)
      const id = pushToast(text.title, text.body)
      if (typeof subject === 'string') toastOfSubject.set(subject, id)
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

  return { items, unreadCount, connection, toasts, start, load, markRead, dismiss, pushToast, expectEcho, reset }
})
