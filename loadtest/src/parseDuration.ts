/**
 * Parses a duration such as `30s`, `2m`, `250ms`, `1.5s` or a bare number of seconds into milliseconds (public).
 * Returns undefined when the text is not a duration.
 */
export function parseDuration(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(us|µs|ms|s|m|min)?\s*$/.exec(text);
  if (!m) return undefined;
  const value = Number(m[1]);
  switch (m[2]) {
    case 'us':
    case 'µs':
      return value / 1000;
    case 'ms':
      return value;
    case 'm':
    case 'min':
      return value * 60_000;
    default:
      return value * 1000;
  }
}
