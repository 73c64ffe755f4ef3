/** One series selector of a PromQL expression: the metric name and the labels its matchers use. */
export interface MetricReference {
  metric: string;
  /** Label names of the selector's matchers (`{type=~"…"}` → `type`), `__name__` excluded. */
  labels: string[];
}

// PromQL keywords that are neither metric names nor functions (binary and set operators, modifiers).
const operators = new Set(['and', 'or', 'unless', 'bool', 'offset', 'atan2', 'inf', 'nan', 'start', 'end']);
// Aggregations may be followed by `by (…)`/`without (…)` before their arguments.
const aggregations = new Set(['sum', 'min', 'max', 'avg', 'group', 'stddev', 'stdvar', 'count', 'count_values', 'bottomk', 'topk', 'quantile', 'limitk', 'limit_ratio']);
// Followed by a parenthesised list of label names, never of expressions.
const labelLists = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right']);

type Token = { kind: 'ident' | 'string' | 'punct' | 'other'; text: string };

/**
 * Splits a PromQL expression into identifiers, strings and punctuation. Grafana variables
 * (`$type`, `${datasource}`, `$__rate_interval`) become `other` tokens, durations and numbers too (internal).
 */
export function tokenize(expr: string): Token[] {
  const tokens: Token[] = [];
  const re = /\s+|#[^\n]*|"(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*'|`[^`]*`|\$\{[^}]*\}|\$\w+|\d[\w.]*|[A-Za-z_:][\w:]*|=~|!~|!=|==|<=|>=|./gy;
  let m: RegExpExecArray | null;
  while ((m = re.exec(expr))) {
    const text = m[0];
    if (/^\s|^#/.test(text)) continue;
    if (/^["'`]/.test(text)) tokens.push({ kind: 'string', text: text.slice(1, -1) });
    else if (/^[A-Za-z_:]/.test(text)) tokens.push({ kind: 'ident', text });
    else if (/^[(){}[\],]$/.test(text)) tokens.push({ kind: 'punct', text });
    else tokens.push({ kind: 'other', text });
  }
  return tokens;
}

/** Index just past the bracket that closes the one at `open`. */
function skipBracket(tokens: Token[], open: number): number {
  const pairs: Record<string, string> = { '(': ')', '{': '}', '[': ']' };
  const close = pairs[tokens[open]?.text ?? ''];
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    if (t.kind !== 'punct') continue;
    if (t.text === tokens[open]?.text) depth++;
    else if (t.text === close && --depth === 0) return i + 1;
  }
  return tokens.length;
}

/** The matchers of the `{…}` starting at `open`: label names, and the `__name__` value if any. */
function matchers(tokens: Token[], open: number): { labels: string[]; name?: string; end: number } {
  const end = skipBracket(tokens, open);
  const labels: string[] = [];
  let name: string | undefined;
  for (let i = open + 1; i < end - 1; i++) {
    const t = tokens[i] as Token;
    const op = tokens[i + 1];
    if (t.kind !== 'ident' || !op || !['=', '=~', '!=', '!~'].includes(op.text)) continue;
    if (t.text === '__name__') name = tokens[i + 2]?.text;
    else labels.push(t.text);
  }
  return { labels, ...(name ? { name } : {}), end };
}

/**
 * Every series selector of a PromQL expression, in order (public to tools/checkMetrics.ts).
 * A lexer-level reading, enough for the expressions of dashboards and rules: identifiers followed
 * by `(` are functions or aggregations, the label lists of `by`/`on`/… and range or subquery
 * brackets are skipped, and what remains is a metric name with its optional `{…}` matchers.
 */
export function promqlReferences(expr: string): MetricReference[] {
  const tokens = tokenize(expr);
  const refs: MetricReference[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    const next = tokens[i + 1];
    if (t.kind === 'punct' && t.text === '[') {
      i = skipBracket(tokens, i) - 1;
    } else if (t.kind === 'punct' && t.text === '{') {
      // A selector without a name: `{__name__="x", …}`.
      const m = matchers(tokens, i);
      if (m.name) refs.push({ metric: m.name, labels: m.labels });
      i = m.end - 1;
    } else if (t.kind === 'ident') {
      const word = t.text.toLowerCase();
      if (labelLists.has(word)) {
        if (next?.text === '(') i = skipBracket(tokens, i + 1) - 1;
      } else if (operators.has(word) || next?.text === '(' || (aggregations.has(word) && labelLists.has(next?.text ?? ''))) {
        // an operator, or a function/aggregation call: its arguments are read on
      } else if (next?.text === '{') {
        const m = matchers(tokens, i + 1);
        refs.push({ metric: t.text, labels: m.labels });
        i = m.end - 1;
      } else {
        refs.push({ metric: t.text, labels: [] });
      }
    }
  }
  return refs;
}

/**
 * The labels a recording rule's output may keep, as far as a lexer can tell (public to tools/checkMetrics.ts):
 * those of all its `by (…)` and `on (…)`/`ignoring (…)`/`group_left (…)` lists (it does not know which
 * aggregation is the outermost), and, when it aggregates nothing away (no aggregation, or only
 * `without`), the labels of the series it reads.
 */
export function outputLabels(expr: string, labelsOf: (metric: string) => Iterable<string>): Set<string> {
  const tokens = tokenize(expr);
  const labels = new Set<string>();
  let aggregates = false;
  for (let i = 0; i < tokens.length; i++) {
    const word = (tokens[i] as Token).text.toLowerCase();
    if (aggregations.has(word) && tokens[i + 1]?.text !== undefined && (tokens[i + 1]?.text === '(' || tokens[i + 1]?.text.toLowerCase() === 'by')) aggregates = true;
    if (labelLists.has(word) && word !== 'without' && tokens[i + 1]?.text === '(') {
      const end = skipBracket(tokens, i + 1);
      for (const t of tokens.slice(i + 2, end - 1)) if (t.kind === 'ident') labels.add(t.text);
    }
  }
  if (!aggregates) for (const ref of promqlReferences(expr)) for (const l of labelsOf(ref.metric)) labels.add(l);
  return labels;
}
