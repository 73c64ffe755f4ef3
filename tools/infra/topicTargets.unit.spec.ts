import { resolveCatalog } from '@conveyor/kafka';
import { renderCheckInfraTopicLines, renderComposeTopicLines, renderStrimziTopic, replaceGeneratedBlock } from './topicTargets';

describe('topic targets', () => {
  const catalog = resolveCatalog();

  it('renders KafkaTopics on the Strimzi v1 API with the catalog settings', () => {
    const yaml = renderStrimziTopic(catalog[0]!);
    expect(yaml).toContain('apiVersion: kafka.strimzi.io/v1\n');
    expect(yaml).toContain(`  partitions: ${catalog[0]!.partitions}\n`);
    expect(yaml).toContain(`    retention.ms: ${catalog[0]!.retentionMs}\n`);
  });

  it('renders one compose line and one check line per topic', () => {
    expect(renderComposeTopicLines(catalog)).toHaveLength(catalog.length);
    expect(renderCheckInfraTopicLines(catalog)[0]).toBe('    "conveyor.job-events": (6, -1, "delete"),');
  });

  it('replaces only what lies between the markers, and refuses a text without them', () => {
    const text = 'a\n# BEGIN generated topics\nold\n# END generated topics\nb';
    expect(replaceGeneratedBlock(text, ['new1', 'new2'])).toBe('a\n# BEGIN generated topics\nnew1\nnew2\n# END generated topics\nb');
    expect(() => replaceGeneratedBlock('a\nb', ['x'])).toThrow(/markers/);
  });
});
