import { onBeforeUnmount } from 'vue'
import { realtime } from '../realtime/instance'

/**
 * Keeps a credit or lesson page current: the server pushes `lesson.completed` to the person's inbox when a lesson
 * is recorded as done (a live lesson's end, a left room, a replay), so `refresh` runs without a reload. A push is
 * not replayed after a reconnect, so a new `welcome` refreshes too. `courseId` narrows it to one course.
 */
export function useLessonPush(refresh: () => unknown, courseId?: string): void {
  const offs = [
    realtime.on('message', (m) => {
      if (m.type === 'lesson.completed' && (!courseId || m.courseId === courseId)) refresh()
    }),
    realtime.on('welcome', () => refresh()),
  ]
  onBeforeUnmount(() => offs.forEach((off) => off()))
}
