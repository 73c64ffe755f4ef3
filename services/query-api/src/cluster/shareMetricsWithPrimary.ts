import { AggregatorRegistry, type Registry } from 'prom-client';

/**
 * In a worker process: answers the primary's /metrics requests with this registry (prom-client's cluster
 * protocol over the IPC channel). prom-client installs the worker's answering listener only when an
 * `AggregatorRegistry` is constructed, hence the one made and dropped here (public).
 */
export function shareMetricsWithPrimary(registry: Registry): void {
  new AggregatorRegistry();
  AggregatorRegistry.setRegistries([registry]);
}
