import { defineStore } from 'pinia';
import { ref } from 'vue';
import { listUsers, setUserRoles } from '@/api/identity';
import type { Problem } from '@/api/types';
import type { Role } from '@/utils/roles';
import { featureList, runAction } from './featureList';

/** Users seen by the APIs and their roles (admin); changing a role applies from the user's next request. */
export const useUsersStore = defineStore('users', () => {
  const list = featureList(() => listUsers());
  const busy = ref<Set<string>>(new Set());
  const actionError = ref<Problem | null>(null);

  async function changeRole(subject: string, role: Role) {
    actionError.value = await runAction(busy, subject, () => setUserRoles(subject, [role]));
    await list.load();
  }

  return { ...list, busy, actionError, changeRole };
});
