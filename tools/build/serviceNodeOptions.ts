/**
 * The V8 heap ceiling of a service, in MiB, unless NODE_OPTIONS names one (`npm start`, the bench's platform, and
 * the image's NODE_OPTIONS). Below 2 GiB, V8 also grows the old generation by a smaller factor after each full
 * collection: with 512 the processors' heap stays near 1.4× its live size, where Node's default ceiling (4 GiB
 * on this machine) lets it reach 4×. Measured at 200 jobs/s: the processors' peak RSS went from 272-278 to
 * 183-189 MB, their CPU per job within the runs' spread (docs/performance.md, "The services' heap ceiling").
 * A service whose live heap nears the ceiling fails with an out-of-memory error, so a deployment that needs
 * more raises it in NODE_OPTIONS (the executor's manifests do: its handlers are the users' code).
 */
export const serviceHeapLimitMb = 512;

/** The NODE_OPTIONS a service runs with (pure): `given`, plus the heap ceiling unless `given` sets one. */
export function serviceNodeOptions(given: string | undefined): string {
  const options = (given ?? '').trim();
  if (/(^|\s)--max-old-space-size[=\s]/.test(options)) return options;
  return [options, `--max-old-space-size=${serviceHeapLimitMb}`].filter(Boolean).join(' ');
}
