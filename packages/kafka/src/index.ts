export { topicCatalog, resolveCatalog, topicNames, topicConfigs } from './topicCatalog';
export { planTopicChanges } from './planTopicChanges';
export { applyTopicCatalog } from './applyTopicCatalog';
export { renderKafkaTopic, productionTopicSettings } from './renderKafkaTopic';
export { createKafka, createIdempotentProducer } from './createKafka';
export { kafkaConnection } from './kafkaConnection';
export { createEventSerde, PoisonMessageError, SchemaRegistryUnavailableError } from './eventSerde';
export { createBatchingPublisher, PublisherQueueFullError } from './batchingPublisher';
export { createConsumerRunner, runConsumer } from './runConsumer';
export { decodeBatch, eventTypeHeaderName } from './decodeBatch';

export type { TopicSpec, TopicName, TopicNames } from './topicCatalog';
export type { ExistingTopic, TopicChange } from './planTopicChanges';
export type { ClusterTopicSettings } from './renderKafkaTopic';
export type { KafkaConnectionConfig } from './kafkaConnection';
export type { EventSerde, EventSerdeOptions, DecodedEvent } from './eventSerde';
export type { BatchingPublisher, BatchingPublisherOptions, EnqueuedPublish, OutgoingMessage } from './batchingPublisher';
export type { ConsumerRunner, ConsumerRunnerOptions, ConsumerRunnerMetrics, ConsumedBatch, CounterLike, GaugeLike, RunnerLogger } from './runConsumer';
export type { TaggedEvent, PoisonMessage, BatchRecord, PositionedEvent, ConsumerSource, DecodedBatch, RawMessage, MessageHeaders } from './decodeBatch';
