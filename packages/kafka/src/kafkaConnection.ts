import { readFileSync } from 'node:fs';
import type { KafkaConfig, SASLOptions } from 'kafkajs';

/** The connection keys of the common service configuration (see @conveyor/runtime commonConfigShape). */
export interface KafkaConnectionConfig {
  KAFKA_BROKERS: string[];
  KAFKA_SSL: boolean;
  KAFKA_SSL_CA_FILE?: string | undefined;
  KAFKA_SASL_MECHANISM?: 'plain' | 'scram-sha-256' | 'scram-sha-512' | undefined;
  KAFKA_SASL_USERNAME?: string | undefined;
  KAFKA_SASL_PASSWORD?: string | undefined;
}

/**
 * kafkajs connection options from configuration: brokers, TLS (with an optional CA bundle) and SASL.
 * A mechanism without its username and password is refused here, at start, not at first connect.
 */
export function kafkaConnection(config: KafkaConnectionConfig): { brokers: string[] } & Pick<KafkaConfig, 'ssl' | 'sasl'> {
  const options: { brokers: string[] } & Pick<KafkaConfig, 'ssl' | 'sasl'> = { brokers: config.KAFKA_BROKERS };
  if (config.KAFKA_SSL || config.KAFKA_SSL_CA_FILE) {
    options.ssl = config.KAFKA_SSL_CA_FILE ? { ca: [readFileSync(config.KAFKA_SSL_CA_FILE, 'utf8')] } : true;
  }
  if (config.KAFKA_SASL_MECHANISM) {
    if (!config.KAFKA_SASL_USERNAME || !config.KAFKA_SASL_PASSWORD) {
      throw new Error('KAFKA_SASL_MECHANISM is set: KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD are required');
    }
    options.sasl = { mechanism: config.KAFKA_SASL_MECHANISM, username: config.KAFKA_SASL_USERNAME, password: config.KAFKA_SASL_PASSWORD } as SASLOptions;
  }
  return options;
}
