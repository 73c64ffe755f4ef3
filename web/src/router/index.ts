import { createRouter, createWebHistory } from 'vue-router';
import OverviewView from '@/views/OverviewView.vue';
import JobsView from '@/views/JobsView.vue';

/** Every page of the dashboard; the less visited ones load on demand. */
const router = createRouter({
  history: createWebHistory(import.meta.env.BASE_URL),
  routes: [
    { path: '/', name: 'overview', component: OverviewView, meta: { title: 'Overview' } },
    { path: '/jobs', name: 'jobs', component: JobsView, meta: { title: 'Jobs' } },
    { path: '/jobs/:id', name: 'job', component: () => import('@/views/JobView.vue'), props: true, meta: { title: 'Job' } },
    { path: '/submit', name: 'submit', component: () => import('@/views/SubmitView.vue'), meta: { title: 'Submit a job' } },
    { path: '/dead-letters', name: 'dead-letters', component: () => import('@/views/DeadLettersView.vue'), meta: { title: 'Dead letters' } },
    { path: '/schedules', name: 'schedules', component: () => import('@/views/SchedulesView.vue'), meta: { title: 'Schedules' } },
    { path: '/schedules/:id', name: 'schedule', component: () => import('@/views/ScheduleView.vue'), props: true, meta: { title: 'Schedule' } },
    { path: '/replay', name: 'replay', component: () => import('@/views/ReplayView.vue'), meta: { title: 'Replay' } },
    { path: '/load-tests', name: 'load-tests', component: () => import('@/views/LoadTestsView.vue'), meta: { title: 'Load tests' } },
    { path: '/settings', name: 'settings', component: () => import('@/views/SettingsView.vue'), meta: { title: 'Settings' } },
    { path: '/:pathMatch(.*)*', name: 'not-found', component: () => import('@/views/NotFoundView.vue'), meta: { title: 'Not found' } },
  ],
  scrollBehavior: (to, from, saved) => saved ?? (to.path !== from.path ? { top: 0 } : undefined),
});

router.afterEach((to) => {
  document.title = `${String(to.meta.title ?? 'Conveyor')} · Conveyor`;
});

export default router;
