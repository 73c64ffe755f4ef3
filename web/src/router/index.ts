import { createRouter, createWebHistory } from 'vue-router';
import OverviewView from '@/views/OverviewView.vue';
import JobsView from '@/views/JobsView.vue';
import { useAuthStore } from '@/stores/auth';
import type { Role } from '@/utils/roles';

declare module 'vue-router' {
  interface RouteMeta {
    title?: string;
    /** Reachable without signing in (the sign-in pages). */
    public?: boolean;
    /** The least role that may open the page (the API refuses the rest anyway). */
    role?: Role;
  }
}

/** Every page of the dashboard; the less visited ones load on demand. */
const router = createRouter({
  history: createWebHistory(import.meta.env.BASE_URL),
  routes: [
    { path: '/', name: 'overview', component: OverviewView, meta: { title: 'Overview' } },
    { path: '/jobs', name: 'jobs', component: JobsView, meta: { title: 'Jobs' } },
    { path: '/jobs/:id', name: 'job', component: () => import('@/views/JobView.vue'), props: true, meta: { title: 'Job' } },
    { path: '/submit', name: 'submit', component: () => import('@/views/SubmitView.vue'), meta: { title: 'Submit a job', role: 'submitter' } },
    { path: '/job-types', name: 'job-types', component: () => import('@/views/JobTypesView.vue'), meta: { title: 'Job types' } },
    { path: '/queues', name: 'queues', component: () => import('@/views/QueuesView.vue'), meta: { title: 'Queues' } },
    { path: '/dead-letters', name: 'dead-letters', component: () => import('@/views/DeadLettersView.vue'), meta: { title: 'Dead letters' } },
    { path: '/schedules', name: 'schedules', component: () => import('@/views/SchedulesView.vue'), meta: { title: 'Schedules' } },
    { path: '/schedules/:id', name: 'schedule', component: () => import('@/views/ScheduleView.vue'), props: true, meta: { title: 'Schedule' } },
    { path: '/replay', name: 'replay', component: () => import('@/views/ReplayView.vue'), meta: { title: 'Replay' } },
    { path: '/webhooks', name: 'webhooks', component: () => import('@/views/WebhooksView.vue'), meta: { title: 'Webhooks' } },
    { path: '/load-tests', name: 'load-tests', component: () => import('@/views/LoadTestsView.vue'), meta: { title: 'Load tests' } },
    { path: '/api-keys', name: 'api-keys', component: () => import('@/views/ApiKeysView.vue'), meta: { title: 'API keys', role: 'admin' } },
    { path: '/users', name: 'users', component: () => import('@/views/UsersView.vue'), meta: { title: 'Users and roles', role: 'admin' } },
    { path: '/audit', name: 'audit', component: () => import('@/views/AuditView.vue'), meta: { title: 'Audit', role: 'operator' } },
    { path: '/login', name: 'login', component: () => import('@/views/LoginView.vue'), meta: { title: 'Sign in', public: true } },
    { path: '/auth/callback', name: 'auth-callback', component: () => import('@/views/AuthCallbackView.vue'), meta: { title: 'Signing in', public: true } },
    { path: '/settings', name: 'settings', component: () => import('@/views/SettingsView.vue'), meta: { title: 'Settings', public: true } },
    { path: '/:pathMatch(.*)*', name: 'not-found', component: () => import('@/views/NotFoundView.vue'), meta: { title: 'Not found' } },
  ],
  scrollBehavior: (to, from, saved) => saved ?? (to.path !== from.path ? { top: 0 } : undefined),
});

// Every page but the sign-in ones needs a signed-in principal, and some a role (issue 11).
router.beforeEach(async (to) => {
  if (to.meta.public) return true;
  const auth = useAuthStore();
  await auth.restore();
  if (!auth.signedIn) return { name: 'login', query: { returnTo: to.fullPath } };
  if (to.meta.role && !auth.can(to.meta.role)) return { name: 'overview' };
  return true;
});

router.afterEach((to) => {
  document.title = `${String(to.meta.title ?? 'Conveyor')} · Conveyor`;
});

export default router;
