import { defineStore } from 'pinia';
import { computed, ref, watch } from 'vue';
import { defaultEndpoints, setEndpoints, type Endpoints } from '@/api/endpoints';

export type ThemePreference = 'light' | 'dark' | 'system';

/** localStorage keys; index.html reads the theme key before first paint, keep them in step. */
const themeKey = 'conveyor.theme';
const endpointsKey = 'conveyor.endpoints';

function read(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function write(key: string, value: string | null): void {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, value);
  } catch {
    // Storage disabled (private mode): the choice lasts for this page only.
  }
}

function storedEndpoints(): Endpoints {
  const defaults = defaultEndpoints();
  try {
    const saved = JSON.parse(read(endpointsKey) ?? 'null') as Partial<Endpoints> | null;
    return { command: saved?.command || defaults.command, query: saved?.query || defaults.query };
  } catch {
    return defaults;
  }
}

/** Dashboard preferences kept in localStorage: colour theme and API locations. */
export const useSettingsStore = defineStore('settings', () => {
  const stored = read(themeKey);
  const theme = ref<ThemePreference>(stored === 'light' || stored === 'dark' ? stored : 'system');
  const media = window.matchMedia('(prefers-color-scheme: dark)');
  const systemDark = ref(media.matches);
  media.addEventListener('change', (e) => (systemDark.value = e.matches));

  const effectiveTheme = computed<'light' | 'dark'>(() => (theme.value === 'system' ? (systemDark.value ? 'dark' : 'light') : theme.value));
  watch(effectiveTheme, (t) => (document.documentElement.dataset.theme = t), { immediate: true });

  function setTheme(next: ThemePreference) {
    theme.value = next;
    write(themeKey, next === 'system' ? null : next);
  }

  const endpoints = ref<Endpoints>(storedEndpoints());
  setEndpoints(endpoints.value);
  const defaults = defaultEndpoints();

  /** Saves new API locations; an empty field falls back to its default. */
  function saveEndpoints(next: Endpoints) {
    const value = { command: next.command.trim() || defaults.command, query: next.query.trim() || defaults.query };
    endpoints.value = value;
    setEndpoints(value);
    const isDefault = value.command === defaults.command && value.query === defaults.query;
    write(endpointsKey, isDefault ? null : JSON.stringify(value));
  }

  function resetEndpoints() {
    saveEndpoints(defaults);
  }

  return { theme, effectiveTheme, setTheme, endpoints, defaults, saveEndpoints, resetEndpoints };
});
