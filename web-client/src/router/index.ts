import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router'
import type { Role } from '../api/types'
import { useAuthStore } from '../stores/auth'

declare module 'vue-router' {
  interface RouteMeta {
    roles?: Role[]
    public?: boolean
    wide?: boolean
    title?: string
  }
}

const family: Role[] = ['student', 'parent']

const routes: RouteRecordRaw[] = [
  { path: '/', name: 'root', component: { render: () => null } },
  { path: '/login', name: 'login', component: () => import('../views/LoginView.vue'), meta: { public: true, title: 'login.title' } },
  { path: '/talk-now', name: 'talk-now', component: () => import('../views/TalkNowView.vue'), meta: { public: true, title: 'talkNow.title' } },
  { path: '/experts', name: 'experts', component: () => import('../views/student/ExpertsView.vue'), meta: { roles: family, title: 'experts.title' } },
  { path: '/experts/:id', name: 'expert', component: () => import('../views/student/ExpertProfileView.vue'), meta: { roles: family, title: 'experts.title' } },
  { path: '/bookings', name: 'bookings', component: () => import('../views/student/BookingsView.vue'), meta: { roles: family, title: 'bookings.title' } },
  { path: '/waitlist', name: 'waitlist', component: () => import('../views/student/WaitlistView.vue'), meta: { roles: family, title: 'waitlist.title' } },
  { path: '/lessons', name: 'lessons', component: () => import('../views/student/LessonsView.vue'), meta: { roles: family, title: 'lessons.title' } },
  { path: '/transcripts', name: 'transcripts', component: () => import('../views/student/TranscriptsView.vue'), meta: { roles: ['student'], title: 'privacy.title' } },
  { path: '/consents', name: 'consents', component: () => import('../views/student/ConsentsView.vue'), meta: { roles: ['parent'], title: 'consents.title' } },
  { path: '/expert/today', name: 'expert-today', component: () => import('../views/expert/TodayView.vue'), meta: { roles: ['expert'], wide: true, title: 'expert.todayTitle' } },
  { path: '/expert/availability', name: 'expert-availability', component: () => import('../views/expert/AvailabilityView.vue'), meta: { roles: ['expert'], wide: true, title: 'avail.title' } },
  { path: '/session/:bookingId', name: 'session', component: () => import('../views/session/SessionView.vue'), meta: { roles: ['student', 'expert'], wide: true, title: 'session.chat' } },
  { path: '/hotline', name: 'hotline', component: () => import('../views/staff/HotlineView.vue'), meta: { roles: ['hotline'], wide: true, title: 'hotline.title' } },
  { path: '/admin', name: 'admin', component: () => import('../views/staff/AdminView.vue'), meta: { roles: ['admin'], wide: true, title: 'admin.title' } },
  { path: '/live', name: 'live', component: () => import('../views/live/LiveListView.vue'), meta: { title: 'live.title' } },
  { path: '/live/new', name: 'live-schedule', component: () => import('../views/live/LiveScheduleView.vue'), meta: { roles: ['expert', 'admin'], title: 'live.schedule.title' } },
  { path: '/live/:id', name: 'live-room', component: () => import('../views/live/LiveRoomView.vue'), meta: { wide: true, title: 'live.title' } },
  { path: '/courses/:id', name: 'course', component: () => import('../views/live/CourseView.vue'), meta: { roles: family, title: 'lessons.title' } },
  { path: '/credits', name: 'credits', component: () => import('../views/live/CreditsView.vue'), meta: { roles: ['parent'], title: 'live.credits' } },
  { path: '/:pathMatch(.*)*', name: 'not-found', component: () => import('../views/NotFoundView.vue'), meta: { public: true } },
]

export const router = createRouter({
  history: createWebHistory(),
  routes,
  scrollBehavior: () => ({ top: 0 }),
})

router.beforeEach(async (to) => {
  const auth = useAuthStore()
  await auth.restore()
  if (to.name === 'root') return auth.signedIn ? auth.home : '/login'
  if (to.name === 'login' && auth.signedIn) return auth.home
  if (to.meta.public) return true
  if (!auth.signedIn) return { path: '/login', query: to.fullPath !== '/' ? { redirect: to.fullPath } : {} }
  if (to.meta.roles && auth.role && !to.meta.roles.includes(auth.role)) return auth.home
  return true
})
