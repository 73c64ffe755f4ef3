/**
 * Every metric a dashboard, rule, alert or the prometheus-adapter reads must be one that something
 * really exports, with the labels its selectors use (issue 17: panels and alerts were built on a
 * counter nobody incremented). Run by `npm run lint`; exits 1 naming each unknown metric or label
 * and the file that uses it.
 *
 * Defined: the families of `createMetrics` (read from a real registry, process and Node.js
 * defaults included), the services' own `new Counter|Gauge|Histogram|Summary` (read from the
 * source), the recording rules' outputs (with the labels they group by), and the commented allow-list of tools/metrics/externalMetrics.ts
 * (Prometheus, the Kafka Exporter, the brokers' JMX exporter). Also checks that the Kafka Exporter's
 * group and topic regexes keep the real consumer groups and topics, and that every alert has its
 * runbook (docs/runbooks/<alert>.md) and promtool tests where it fires and where it does not.
 *
 *   npm run metrics:check
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { topicNames } from '@conveyor/kafka';
import { consumerGroups } from '../services/processors/src/config';
import { alertCoverage } from './metrics/alertCoverage';
import { localFamilies, seriesOf, sharedFamilies } from './metrics/exposedMetrics';
import { externalMetrics, targetLabels } from './metrics/externalMetrics';
import { outputLabels, promqlReferences } from './metrics/promqlReferences';

const root = join(__dirname, '..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');
const filesIn = (dir: string, ext: string) => readdirSync(join(root, dir)).filter((f) => f.endsWith(ext)).sort().map((f) => `${dir}/${f}`);

/** One PromQL expression and where it was read. */
interface Query { file: string; where: string; expr: string }

const problems: string[] = [];

// 1. What is exported: series name → the labels a selector may use.
const defined = new Map<string, Set<string>>();
const { families, unreadable } = localFamilies(root, ['services', 'packages']);
for (const where of unreadable) problems.push(`${where}: a metric whose name is not a string literal or const; the check cannot read it`);
for (const family of [...sharedFamilies(), ...families]) {
  for (const series of seriesOf(family)) defined.set(series.name, new Set([...(defined.get(series.name) ?? []), ...series.labels, ...targetLabels]));
}
for (const [name, { labels }] of Object.entries(externalMetrics)) defined.set(name, new Set([...labels, ...targetLabels]));

// 2. What is read.
const queries: Query[] = [];
const alerts: Array<{ file: string; name: string; runbookUrl?: string }> = [];
type RuleFile = { groups?: Array<{ name: string; rules?: Array<{ record?: string; alert?: string; expr?: string; annotations?: Record<string, string> }> }> };
for (const file of filesIn('observability/prometheus/rules', '.yml')) {
  for (const group of (yaml.load(read(file)) as RuleFile).groups ?? []) {
    for (const rule of group.rules ?? []) {
      // A rule's output keeps the labels it groups by (read in file order: rules build on earlier ones).
      if (rule.record) defined.set(rule.record, outputLabels(String(rule.expr), (m) => defined.get(m) ?? []));
      if (rule.alert) alerts.push({ file, name: rule.alert, runbookUrl: rule.annotations?.runbook_url });
      if (rule.expr) queries.push({ file, where: rule.record ?? `alert ${rule.alert}`, expr: String(rule.expr) });
    }
  }
}
// Every alert: its runbook page, and promtool tests where it fires and where it does not.
problems.push(...alertCoverage(root, alerts, filesIn('observability/prometheus/tests', '.test.yml').map((f) => yaml.load(read(f)) as object)));

type Datasource = { type?: string; uid?: string } | string | null | undefined;
type Panel = { title?: string; datasource?: Datasource; targets?: Array<{ expr?: string; datasource?: Datasource }>; panels?: Panel[] };
// Only Prometheus queries are PromQL; Loki (LogQL) and Tempo (TraceQL) panels are skipped.
const isPrometheus = (ds: Datasource) => !ds || (typeof ds === 'string' ? !/loki|tempo/i.test(ds) : !ds.type || ds.type === 'prometheus');
for (const file of filesIn('observability/grafana/dashboards', '.json')) {
  const dashboard = JSON.parse(read(file)) as { panels?: Panel[]; templating?: { list?: Array<{ name: string; type: string; datasource?: Datasource; query?: unknown; definition?: string }> } };
  const visit = (panel: Panel) => {
    for (const target of panel.targets ?? []) {
      if (target.expr && isPrometheus(target.datasource ?? panel.datasource)) queries.push({ file, where: `panel "${panel.title}"`, expr: target.expr });
    }
    panel.panels?.forEach(visit);
  };
  dashboard.panels?.forEach(visit);
  for (const variable of dashboard.templating?.list ?? []) {
    if (variable.type !== 'query' || !isPrometheus(variable.datasource)) continue;
    const text = typeof variable.query === 'string' ? variable.query : (variable.query as { query?: string } | undefined)?.query ?? variable.definition ?? '';
    // label_values(<selector>, <label>): the label must exist on the series too.
    const m = /^\s*label_values\((.*),\s*(\w+)\s*\)\s*$/s.exec(text);
    if (m) queries.push({ file, where: `variable $${variable.name}`, expr: `${m[1]}{${m[2]}!=""}` });
    else if (/^\s*query_result\(/.test(text)) queries.push({ file, where: `variable $${variable.name}`, expr: text.replace(/^\s*query_result\((.*)\)\s*$/s, '$1') });
  }
}

type AdapterValues = { rules?: Record<string, Array<{ seriesQuery?: string; metricsQuery?: string }> | boolean> };
const adapterFile = 'observability/prometheus-adapter/values.yaml';
for (const [kind, rules] of Object.entries((yaml.load(read(adapterFile)) as AdapterValues).rules ?? {})) {
  if (!Array.isArray(rules)) continue;
  for (const rule of rules) {
    if (!rule.seriesQuery) continue;
    queries.push({ file: adapterFile, where: `${kind} seriesQuery`, expr: rule.seriesQuery });
    const series = promqlReferences(rule.seriesQuery)[0]?.metric ?? '';
    // The adapter's templates: <<.Series>> is the series found, <<.LabelMatchers>> the HPA's selector.
    if (rule.metricsQuery) queries.push({ file: adapterFile, where: `${kind} metricsQuery`, expr: rule.metricsQuery.replace(/<<\.Series>>/g, series).replace(/<<\.LabelMatchers>>/g, '').replace(/<<\.GroupBy>>/g, 'group') });
  }
}

// 3. Every selector names a defined series with labels it has.
let references = 0;
for (const query of queries) {
  for (const ref of promqlReferences(query.expr)) {
    references++;
    if (!defined.has(ref.metric)) {
      problems.push(`${query.file} (${query.where}): unknown metric ${ref.metric}`);
      continue;
    }
    const labels = defined.get(ref.metric);
    for (const label of ref.labels) {
      if (labels && !labels.has(label)) problems.push(`${query.file} (${query.where}): ${ref.metric} has no label "${label}" (it has: ${[...labels].filter((l) => !targetLabels.includes(l)).join(', ') || 'none'})`);
    }
  }
}

// 4. The Kafka Exporter keeps the real consumer groups and topics, with or without a TOPIC_PREFIX.
const kafkaFile = 'strimzi/base/kafka.yaml';
const exporter = (yaml.load(read(kafkaFile)) as { spec?: { kafkaExporter?: Record<string, string> } }).spec?.kafkaExporter ?? {};
for (const prefix of ['', 'staging.']) {
  const { cancelWatch: _perWorker, ...groups } = consumerGroups({ TOPIC_PREFIX: prefix });
  const topics = topicNames(prefix);
  const keep = (key: string, value: string) => new RegExp(exporter[key] ?? '.*').test(value);
  const excluded = (key: string, value: string) => Boolean(exporter[key]) && new RegExp(exporter[key] as string).test(value);
  for (const group of Object.values(groups)) {
    if (!keep('groupRegex', group) || excluded('groupExcludeRegex', group)) problems.push(`${kafkaFile}: kafkaExporter leaves out consumer group ${group}`);
  }
  for (const topic of [topics.jobEvents, topics.deadLetters, topics.adminEvents, ...Object.values(topics.work)]) {
    if (!keep('topicRegex', topic) || excluded('topicExcludeRegex', topic)) problems.push(`${kafkaFile}: kafkaExporter leaves out topic ${topic}`);
  }
}

if (problems.length) {
  console.error(`checkMetrics: ${problems.length} problem(s)\n${problems.map((p) => `  ${p}`).join('\n')}`);
  process.exit(1);
}
console.log(`checkMetrics: ${references} metric references in ${new Set(queries.map((q) => q.file)).size} files match the ${defined.size} series defined; ${alerts.length} alerts have a runbook and firing/silent tests; the Kafka Exporter keeps every consumer group and topic`);
