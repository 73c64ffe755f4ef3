import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { memoryAfterLastGc, observeMemoryAfterGc } from './memoryAfterGc';

export type { Registry };

/**
 * A prom-client registry with the process's default metrics and the metric families
 * every Conveyor service shares (names used by observability/ dashboards and alerts).
 */
export function createMetrics(service: string) {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  observeMemoryAfterGc();
  const metrics = {
    registry,
    httpRequests: new Counter({
      name: 'http_requests_total', help: 'HTTP requests by route, method and status',
      labelNames: ['route', 'method', 'status'], registers: [registry],
    }),
    httpDuration: new Histogram({
      name: 'http_request_duration_seconds', help: 'HTTP request duration',
      labelNames: ['route', 'method', 'status'], registers: [registry],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    }),
    kafkaProduced: new Counter({
      name: 'kafka_messages_produced_total', help: 'Kafka messages acknowledged by the broker',
      labelNames: ['topic'], registers: [registry],
    }),
    kafkaProduceDuration: new Histogram({
      name: 'kafka_produce_duration_seconds', help: 'One acks=all sendBatch, from send to acknowledgement',
      registers: [registry],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    }),
    kafkaProduceBatchMessages: new Histogram({
      name: 'kafka_produce_batch_messages', help: 'Messages per acknowledged sendBatch',
      registers: [registry],
      buckets: [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 5000],
    }),
    kafkaConsumed: new Counter({
      name: 'kafka_messages_consumed_total', help: 'Kafka messages consumed',
      labelNames: ['topic', 'group'], registers: [registry],
    }),
    consumerLag: new Gauge({
      name: 'kafka_consumer_lag', help: 'High watermark minus the next offset to consume',
      labelNames: ['topic', 'partition', 'group'], registers: [registry],
    }),
    jobDuration: new Histogram({
      name: 'conveyor_job_duration_seconds', help: 'Job attempt run time by type and outcome',
      labelNames: ['type', 'outcome'], registers: [registry],
      buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300],
    }),
    jobs: new Counter({
      name: 'conveyor_jobs_total', help: 'Job attempts finished by type and outcome',
      labelNames: ['type', 'outcome'], registers: [registry],
    }),
    stageDuration: new Histogram({
      name: 'conveyor_stage_duration_seconds', help: 'Time spent in one stage of the pipeline (dispatcher and executor steps; see docs/performance.md)',
      labelNames: ['stage'], registers: [registry],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    }),
    // Per queue (issue 12): throughput of the attempts its workers finished; how many worker processes serve it
    // (each says 1: sum by queue); whether an operator paused it. Lag per queue: kafka_consumer_lag of the
    // group conveyor-executor (default queue) or conveyor-executor.<queue>.
    queueAttempts: new Counter({
      name: 'conveyor_queue_attempts_total', help: 'Job attempts finished by the workers of a queue, by outcome',
      labelNames: ['queue', 'outcome'], registers: [registry],
    }),
    queueWorkers: new Gauge({
      name: 'conveyor_queue_workers', help: 'Worker processes serving a queue (1 per process; sum by queue)',
      labelNames: ['queue'], registers: [registry],
    }),
    queuePaused: new Gauge({
      name: 'conveyor_queue_paused', help: '1 while the queue is paused (QueuePaused) as this worker sees it, else 0',
      labelNames: ['queue'], registers: [registry],
    }),
    // Incremented once a dead letter is acknowledged on the dead-letter topic; poison messages have
    // no job, so their `type` is "none" (cause poison_message).
    deadLetters: new Counter({
      name: 'conveyor_dead_letters_total', help: 'Dead letters acknowledged on the dead-letter topic, by job type and cause',
      labelNames: ['type', 'cause'], registers: [registry],
    }),
    // The end-to-end latency SLO (observability/prometheus/rules/conveyor.slo.yml) reads this histogram.
    jobEndToEnd: new Histogram({
      name: 'conveyor_job_end_to_end_seconds', help: 'From a job\'s submission (or its runAt) to the acknowledgement of its final outcome, by type and outcome',
      labelNames: ['type', 'outcome'], registers: [registry],
      buckets: [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800],
    }),
    // Age of the newest event a projector batch applied: how far the read model trails the log.
    projectorLag: new Gauge({
      name: 'conveyor_projector_lag_seconds', help: 'Now minus the Kafka timestamp of the last event the projector applied, per partition',
      labelNames: ['group', 'partition'], registers: [registry],
    }),
    // The floor a leak raises (the soak judges leaks by it): what the process held after its last major
    // garbage collection. Absent until the first one.
    memoryAfterGc: new Gauge({
      name: 'conveyor_memory_after_major_gc_bytes', help: 'Memory held right after the last major garbage collection, by kind (heap_used, external)',
      labelNames: ['kind'], registers: [registry],
      collect() {
        const after = memoryAfterLastGc();
        if (!after) return;
        this.set({ kind: 'heap_used' }, after.heapUsedBytes);
        this.set({ kind: 'external' }, after.externalBytes);
      },
    }),
  };
  // A counter series appears at its first increment, which increase() cannot see: the poison-message
  // series exists from the start, so ConveyorPoisonMessages fires on the first one after a restart.
  metrics.deadLetters.inc({ type: 'none', cause: 'poison_message' }, 0);
  return metrics;
}

export type Metrics = ReturnType<typeof createMetrics>;
