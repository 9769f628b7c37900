/** Kafka header keys the services read and write. */
export enum RecordHeader {
  SchemaVersion = 'rebound-schema-version',
  EventType = 'rebound-event-type',
  TraceParent = 'traceparent',
  TraceState = 'tracestate',
  DlqError = 'rebound-dlq-error',
  DlqErrorCode = 'rebound-dlq-error-code',
  DlqSourceTopic = 'rebound-dlq-source-topic',
  DlqSourcePartition = 'rebound-dlq-source-partition',
  DlqSourceOffset = 'rebound-dlq-source-offset',
  DlqConsumerGroup = 'rebound-dlq-consumer-group',
  DlqFailedAt = 'rebound-dlq-failed-at',
  DlqAttempts = 'rebound-dlq-attempts',
}
