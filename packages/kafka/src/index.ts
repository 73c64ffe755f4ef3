export { topicCatalog, topicConfigs, resolveCatalog, topicNames } from './topicCatalog';
export { applyTopicCatalog } from './applyTopicCatalog';
export { planTopicChanges } from './planTopicChanges';
export { createKafka, createIdempotentProducer } from './createKafka';
export { createEventSerde, PoisonMessageError } from './eventSerde';
export { createBatchingPublisher } from './batchingPublisher';

export type { TopicSpec, TopicName, TopicNames } from './topicCatalog';
export type { ExistingTopic, TopicChange } from './planTopicChanges';
export type { DecodedEvent, EventSerde, EventSerdeOptions } from './eventSerde';
export type { BatchingPublisher, BatchingPublisherOptions, OutgoingMessage } from './batchingPublisher';
