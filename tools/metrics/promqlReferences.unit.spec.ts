import { outputLabels, promqlReferences } from './promqlReferences';

describe('promqlReferences', () => {
  it('finds the selectors of a dashboard query, not its functions, aggregations, label lists or variables', () => {
    expect(promqlReferences('histogram_quantile(0.99, sum by (le, type) (rate(conveyor_job_duration_seconds_bucket{type=~"$type"}[$__rate_interval])))'))
      .toEqual([{ metric: 'conveyor_job_duration_seconds_bucket', labels: ['type'] }]);
  });

  it('reads both sides of binary operators with vector matching', () => {
    expect(promqlReferences(`
      conveyor:kafka_consumer_lag:sum > 0
        and on (group, topic)
      sum without (pod) (rate(kafka_messages_consumed_total{group!="",topic=~"a|b"}[5m] offset 1h)) == bool 0`))
      .toEqual([
        { metric: 'conveyor:kafka_consumer_lag:sum', labels: [] },
        { metric: 'kafka_messages_consumed_total', labels: ['group', 'topic'] },
      ]);
  });

  it('reads a selector named by __name__ and ignores strings, subqueries and comments', () => {
    expect(promqlReferences('max_over_time({__name__="up", job="x"}[1h:5m]) # not_a_metric\n+ label_replace(vector(1), "dst", "$1", "src", "(.*)")'))
      .toEqual([{ metric: 'up', labels: ['job'] }]);
  });

  it('tells which labels a recording rule keeps', () => {
    const labelsOf = (m: string) => (m === 'kafka_consumer_lag' ? ['group', 'topic', 'partition', 'job'] : ['group', 'topic']);
    expect([...outputLabels('sum by (group, topic) (max by (group, topic, partition) (kafka_consumer_lag))', labelsOf)].sort()).toEqual(['group', 'partition', 'topic']);
    expect([...outputLabels('sum(rate(http_requests_total[5m]))', labelsOf)]).toEqual([]);
    expect([...outputLabels('a:sum / on (group) clamp_min(b:rate, 0.001)', labelsOf)].sort()).toEqual(['group', 'topic']);
  });
});
