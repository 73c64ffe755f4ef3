/**
 * Metrics the services do not register but Prometheus has anyway, by source: the allow-list of
 * tools/checkMetrics.ts. Every entry names where the metric comes from; add one only with its
 * source. Labels listed are the ones a selector may use (besides `targetLabels`).
 */
export const externalMetrics: Record<string, { source: string; labels: string[] }> = {
  // Prometheus itself: one `up` per scrape target, and the alert state series of the rule manager.
  up: { source: 'Prometheus (scrape health)', labels: [] },
  scrape_duration_seconds: { source: 'Prometheus (scrape)', labels: [] },
  ALERTS: { source: 'Prometheus (rule manager)', labels: ['alertname', 'alertstate', 'severity'] },

  // Strimzi's Kafka Exporter (Kafka CR `spec.kafkaExporter`, strimzi/base/kafka.yaml): broker-side
  // offsets and lag of the groups its groupRegex keeps.
  kafka_brokers: { source: 'Strimzi Kafka Exporter', labels: [] },
  kafka_topic_partitions: { source: 'Strimzi Kafka Exporter', labels: ['topic'] },
  kafka_topic_partition_current_offset: { source: 'Strimzi Kafka Exporter', labels: ['topic', 'partition'] },
  kafka_topic_partition_oldest_offset: { source: 'Strimzi Kafka Exporter', labels: ['topic', 'partition'] },
  kafka_topic_partition_under_replicated_partition: { source: 'Strimzi Kafka Exporter', labels: ['topic', 'partition'] },
  kafka_topic_partition_in_sync_replica: { source: 'Strimzi Kafka Exporter', labels: ['topic', 'partition'] },
  kafka_consumergroup_current_offset: { source: 'Strimzi Kafka Exporter', labels: ['consumergroup', 'topic', 'partition'] },
  kafka_consumergroup_lag: { source: 'Strimzi Kafka Exporter', labels: ['consumergroup', 'topic', 'partition'] },
  kafka_consumergroup_lag_sum: { source: 'Strimzi Kafka Exporter', labels: ['consumergroup', 'topic'] },
  kafka_consumergroup_members: { source: 'Strimzi Kafka Exporter', labels: ['consumergroup'] },

  // The brokers' JMX Prometheus exporter, named by the rules of strimzi/base/kafka-metrics.yaml
  // (lowercased `kafka_server_<type>_<name>`; `…PerSec` meters become `…_total` counters).
  kafka_server_replicamanager_underreplicatedpartitions: { source: 'Kafka JMX: kafka.server ReplicaManager UnderReplicatedPartitions', labels: [] },
  kafka_server_replicamanager_partitioncount: { source: 'Kafka JMX: kafka.server ReplicaManager PartitionCount', labels: [] },
  kafka_server_replicamanager_leadercount: { source: 'Kafka JMX: kafka.server ReplicaManager LeaderCount', labels: [] },
  kafka_server_replicamanager_isrshrinks_total: { source: 'Kafka JMX: kafka.server ReplicaManager IsrShrinksPerSec', labels: [] },
  kafka_controller_kafkacontroller_activecontrollercount: { source: 'Kafka JMX: kafka.controller KafkaController ActiveControllerCount', labels: [] },
  kafka_controller_kafkacontroller_offlinepartitionscount: { source: 'Kafka JMX: kafka.controller KafkaController OfflinePartitionsCount', labels: [] },
  kafka_server_brokertopicmetrics_messagesin_total: { source: 'Kafka JMX: kafka.server BrokerTopicMetrics MessagesInPerSec', labels: ['topic'] },
  kafka_server_brokertopicmetrics_bytesin_total: { source: 'Kafka JMX: kafka.server BrokerTopicMetrics BytesInPerSec', labels: ['topic'] },
  kafka_server_brokertopicmetrics_bytesout_total: { source: 'Kafka JMX: kafka.server BrokerTopicMetrics BytesOutPerSec', labels: ['topic'] },
  kafka_log_log_size: { source: 'Kafka JMX: kafka.log Log Size', labels: ['topic', 'partition'] },
  // The JMX exporter's own JVM collectors (jmx_exporter 1.x names).
  jvm_memory_used_bytes: { source: 'Kafka JMX exporter JVM collector', labels: ['area'] },
  jvm_memory_max_bytes: { source: 'Kafka JMX exporter JVM collector', labels: ['area'] },
};

/**
 * Labels Prometheus adds to every series of a target, whatever the metric: the scrape job and
 * instance, the Kubernetes metadata of the ServiceMonitor/PodMonitor (deploy/components/monitoring,
 * Strimzi's PodMonitors), and `service`, the default label of `createMetrics`.
 */
export const targetLabels = [
  'job', 'instance', 'namespace', 'pod', 'container', 'endpoint', 'service',
  'node_name', 'strimzi_io_cluster', 'strimzi_io_kind', 'strimzi_io_name',
];
