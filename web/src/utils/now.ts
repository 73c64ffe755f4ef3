import { ref, type Ref } from 'vue';

const now = ref(Date.now());
let timer: ReturnType<typeof setInterval> | undefined;

/**
 * A shared clock for relative times, ticking every 5 seconds: one timer for the whole page
 * instead of one per timestamp.
 */
export function useNow(): Ref<number> {
  if (!timer) timer = setInterval(() => (now.value = Date.now()), 5000);
  return now;
}
