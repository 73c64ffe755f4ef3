import { kafkaConnection } from './kafkaConnection';

describe('kafkaConnection', () => {
  const base = { KAFKA_BROKERS: ['k:9093'], KAFKA_SSL: false };
  it('is plaintext by default', () => {
    expect(kafkaConnection(base)).toEqual({ brokers: ['k:9093'] });
  });
  it('adds TLS and SCRAM', () => {
    expect(kafkaConnection({ ...base, KAFKA_SSL: true, KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p' }))
      .toEqual({ brokers: ['k:9093'], ssl: true, sasl: { mechanism: 'scram-sha-512', username: 'u', password: 'p' } });
  });
  it('refuses a mechanism without credentials', () => {
    expect(() => kafkaConnection({ ...base, KAFKA_SASL_MECHANISM: 'plain' })).toThrow(/KAFKA_SASL_USERNAME/);
  });
});
