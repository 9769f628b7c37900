import { Kafka, logLevel, type Admin, type IHeaders, type Producer } from 'kafkajs';
import { RecordHeader, TopicNames, type TopicKey } from '@rebound/contracts';
import { SpanKind, inSpan, injectContext, type Logger } from '@rebound/telemetry';
import { kafkaLogCreator } from './kafka-log';
import type { KafkaSettings } from './kafka-settings';

export interface OutgoingRecord<T> {
  key: string;
  value: T;
  eventType: string;
  schemaVersion: number;
  headers?: Record<string, string>;
}

/**
 * One Kafka connection per process: a producer that waits for every
 * in-sync replica, topic administration, and the factory for consumers.
 */
export class KafkaBus {
  readonly kafka: Kafka;
  readonly topics: TopicNames;
  private producer: Producer | undefined;
  private connecting: Promise<Producer> | undefined;

  constructor(
    readonly settings: KafkaSettings,
    private readonly logger: Logger,
  ) {
    // We key every record ourselves; kafkajs's note on its v2 partitioner does not apply.
    process.env.KAFKAJS_NO_PARTITIONER_WARNING ??= '1';
    this.kafka = new Kafka({
      clientId: settings.clientId,
      brokers: settings.brokers,
      logLevel: logLevel.WARN,
      logCreator: kafkaLogCreator(logger),
      retry: { retries: 8, initialRetryTime: 200, maxRetryTime: 5_000 },
    });
    this.topics = new TopicNames(settings.topicPrefix);
  }

  /**
   * The consumer group for a logical group name, scoped by the topic prefix
   * like the topics are: `rebound-detector` under the default prefix
   * `rebound.`, `t1a2b-detector` under `t1a2b.`. Two installs (or two test
   * stacks) sharing a cluster then never join each other's groups.
   */
  consumerGroup(name: string): string {
    const stem = this.settings.topicPrefix.replace(/[.\-_]+$/, '') || 'rebound';

    return `${stem}-${name.replace(/^rebound-/, '')}`;
  }

  /** Creates every topic (and its DLQ) that does not exist yet. */
  async ensureTopics(): Promise<void> {
    const admin: Admin = this.kafka.admin();
    await admin.connect();
    try {
      const existing = new Set(await admin.listTopics());
      const missing = this.topics.all().filter(({ topic }) => !existing.has(topic));
      if (missing.length === 0) {
        return;
      }
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map(({ topic, partitions, compacted }) => ({
          topic,
          numPartitions: partitions,
          replicationFactor: -1,
          configEntries: compacted ? [{ name: 'cleanup.policy', value: 'compact' }] : [],
        })),
      });
      this.logger.info({ created: missing.map(({ topic }) => topic) }, 'kafka topics created');
    } finally {
      await admin.disconnect();
    }
  }

  async publish<T>(topic: TopicKey, record: OutgoingRecord<T>): Promise<void> {
    await this.publishMany(topic, [record]);
  }

  /**
   * Publishes and resolves only when the broker has acknowledged every
   * record (acks=all). Trace context goes along in the `traceparent` header.
   */
  async publishMany<T>(topic: TopicKey, records: Array<OutgoingRecord<T>>): Promise<void> {
    if (records.length === 0) {
      return;
    }
    const topicName = this.topics.of(topic);
    await inSpan(`${topicName} publish`, { kind: SpanKind.PRODUCER }, async () => {
      const producer = await this.connectedProducer();
      const traceHeaders = injectContext();
      await producer.send({
        topic: topicName,
        acks: -1,
        messages: records.map((record) => ({
          key: record.key,
          value: JSON.stringify(record.value),
          headers: {
            ...traceHeaders,
            [RecordHeader.EventType]: record.eventType,
            [RecordHeader.SchemaVersion]: String(record.schemaVersion),
            ...record.headers,
          },
        })),
      });
    });
  }

  /** Sends raw records, e.g. to a dead-letter topic, keeping their bytes. */
  async sendRaw(
    topicName: string,
    messages: Array<{
      key: Buffer | string | null;
      value: Buffer | string | null;
      headers: IHeaders;
    }>,
  ): Promise<void> {
    const producer = await this.connectedProducer();
    await producer.send({ topic: topicName, acks: -1, messages });
  }

  async connectedProducer(): Promise<Producer> {
    if (this.producer) {
      return this.producer;
    }
    this.connecting ??= this.connectProducer();

    return this.connecting;
  }

  async disconnect(): Promise<void> {
    const producer = this.producer;
    this.producer = undefined;
    this.connecting = undefined;
    await producer?.disconnect();
  }

  private async connectProducer(): Promise<Producer> {
    const producer = this.kafka.producer({ allowAutoTopicCreation: false });
    try {
      await producer.connect();
    } catch (error) {
      this.connecting = undefined;
      throw error;
    }
    this.producer = producer;

    return producer;
  }
}
