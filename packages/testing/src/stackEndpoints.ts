/** Where integration tests reach the local stack. Public. */
export interface StackEndpoints {
  /** `host:port` of each Kafka bootstrap broker. */
  kafkaBrokers: string[];
  /** Base URL of the Confluent-compatible schema registry API. */
  registryUrl: string;
  /** libpq-style PostgreSQL URL of the conveyor database. */
  databaseUrl: string;
}

/**
 * Endpoints of the running stack, from KAFKA_BROKERS (comma separated), SCHEMA_REGISTRY_URL and
 * DATABASE_URL. Without them, the stack's defaults: 127.0.0.1:9092, the registry on
 * 127.0.0.1:8081 under /apis/ccompat/v7, and postgres://postgres@127.0.0.1:5432/conveyor; when
 * only the stack's own KAFKA_PORT or REGISTRY_PORT is moved, the defaults follow it. Public.
 */
export function stackEndpoints(env: NodeJS.ProcessEnv = process.env): StackEndpoints {
  const kafkaBrokers = (env.KAFKA_BROKERS || `127.0.0.1:${env.KAFKA_PORT || 9092}`)
    .split(',')
    .map((broker) => broker.trim())
    .filter(Boolean);
  return {
    kafkaBrokers,
    registryUrl: env.SCHEMA_REGISTRY_URL || `http://127.0.0.1:${env.REGISTRY_PORT || 8081}/apis/ccompat/v7`,
    databaseUrl: env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/conveyor',
  };
}
