import { renderServerProperties } from './serverProperties';

const parse = (text: string): Record<string, string> =>
  Object.fromEntries(
    text
      .split('\n')
      .filter((line) => line && !line.startsWith('#'))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );

describe('renderServerProperties', () => {
  it('renders a single combined broker+controller on loopback', () => {
    const properties = parse(
      renderServerProperties({ port: 9092, controllerPort: 9093, dataDir: '/repo/.stack/kafka/data', offsetsTopicPartitions: 10 }),
    );

    expect(properties).toEqual({
      'process.roles': 'broker,controller',
      'node.id': '1',
      'controller.quorum.voters': '1@127.0.0.1:9093',
      listeners: 'PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093',
      'advertised.listeners': 'PLAINTEXT://127.0.0.1:9092',
      'controller.listener.names': 'CONTROLLER',
      'listener.security.protocol.map': 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
      'log.dirs': '/repo/.stack/kafka/data',
      'offsets.topic.replication.factor': '1',
      'offsets.topic.num.partitions': '10',
      'transaction.state.log.replication.factor': '1',
      'transaction.state.log.min.isr': '1',
      'group.initial.rebalance.delay.ms': '0',
      'auto.create.topics.enable': 'false',
    });
  });

  it('follows configured ports everywhere they appear', () => {
    const text = renderServerProperties({ port: 19092, controllerPort: 19093, dataDir: '/d', offsetsTopicPartitions: 3 });

    expect(text).toContain('controller.quorum.voters=1@127.0.0.1:19093\n');
    expect(text).toContain('listeners=PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093\n');
    expect(text).toContain('advertised.listeners=PLAINTEXT://127.0.0.1:19092\n');
    expect(text).not.toMatch(/(?<!\d)909[23](?!\d)/);
  });

  it('escapes backslashes in paths as java.util.Properties expects', () => {
    const text = renderServerProperties({ port: 1, controllerPort: 2, dataDir: 'C:\\data', offsetsTopicPartitions: 1 });

    expect(text).toContain('log.dirs=C:\\\\data\n');
  });
});
