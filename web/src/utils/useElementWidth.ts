import { onBeforeUnmount, onMounted, ref, type Ref } from 'vue';

/**
 * The width of an element in CSS pixels, kept current by a ResizeObserver and at least `min` (charts
 * draw in pixels so text keeps its size). Measured once on mount too: until the observer first
 * reports, a phone would otherwise lay out the 600 px default. Bind `root` with `ref="root"`.
 */
export function useElementWidth(min: number): { root: Ref<HTMLElement | null>; width: Ref<number> } {
  const root = ref<HTMLElement | null>(null);
  const width = ref(600);
  let observer: ResizeObserver | undefined;
  onMounted(() => {
    if (!root.value) return;
    width.value = Math.max(min, Math.floor(root.value.clientWidth || width.value));
    observer = new ResizeObserver(([entry]) => {
      if (entry) width.value = Math.max(min, Math.floor(entry.contentRect.width));
    });
    observer.observe(root.value);
  });
  onBeforeUnmount(() => observer?.disconnect());
  return { root, width };
}
