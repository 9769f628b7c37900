import type { Consumer, EachMessagePayload, IHeaders, KafkaMessage } from 'kafkajs';
import type { ZodType } from 'zod';
import { RecordHeader, type TopicKey } from '@rebound/contracts';
import { SpanKind, extractContext, inSpan, type Logger } from '@rebound/telemetry';
import { errorCode, isTransientInfrastructureError } from './rebound.error';
import type { KafkaBus } from './kafka-bus';

export interface MessageMeta {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  headers: IHeaders;
  timestamp: string;
}

export interface ConsumerSpec<T> {
  groupId: string;
  topic: TopicKey;
  schema: ZodType<T>;
  handle: (payload: T, meta: MessageMeta) => Promise<void>;
  /** Attempts for an error that is not an infrastructure outage. Default 3. */
  maxAttempts?: number;
  /** Partitions worked on at once. Default 3. */
  concurrency?: number;
}

export interface ConsumerObserver {
  onProcessed?(topic: string, outcome: 'ok' | 'dead_lettered'): void;
}

const INFRA_BACKOFF_CAP_MS = 15_000;

class MalformedRecordError extends Error {
  readonly code = 'MALFORMED_RECORD';
}

/**
 * Consumes one topic in one consumer group with our own delivery rules,
 * not kafkajs's defaults (which re-run a throwing handler from the last
 * commit and stall the partition forever):
 *
 * - an offset is committed only after the handler has finished;
 * - a record that does not parse or validate goes to the topic's DLQ at once;
 * - a handler error is retried `maxAttempts` times, then the record goes to
 *   the DLQ with the error in its headers and the partition moves on;
 * - an infrastructure outage (database or broker away) is retried with
 *   backoff until it clears or the service stops: it is not the record's
 *   fault, so the record is never dead-lettered for it.
 */
export class ConsumerRunner<T> {
  private consumer: Consumer | undefined;
  private stopping = false;

  constructor(
    private readonly bus: KafkaBus,
    private readonly spec: ConsumerSpec<T>,
    private readonly logger: Logger,
    private readonly observer: ConsumerObserver = {},
  ) {}

  get groupId(): string {
    return this.bus.consumerGroup(this.spec.groupId);
  }

  get topicName(): string {
    return this.bus.topics.of(this.spec.topic);
  }

  async start(): Promise<void> {
    this.stopping = false;
    const consumer = this.bus.kafka.consumer({
      groupId: this.groupId,
      allowAutoTopicCreation: false,
      sessionTimeout: 30_000,
      heartbeatInterval: 3_000,
    });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topic: this.topicName, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      partitionsConsumedConcurrently: this.spec.concurrency ?? 3,
      eachMessage: (payload) => this.processRecord(payload),
    });
  }

  /** Stops taking records, lets the ones in flight finish, leaves the group. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.consumer?.disconnect();
    this.consumer = undefined;
  }

  get consumerInstance(): Consumer | undefined {
    return this.consumer;
  }

  private async processRecord(payload: EachMessagePayload): Promise<void> {
    const { topic, partition, message } = payload;
    const meta = toMeta(topic, partition, message);
    const parent = extractContext(message.headers ?? {});

    await inSpan(
      `${topic} process`,
      {
        kind: SpanKind.CONSUMER,
        parent,
        attributes: {
          'messaging.system': 'kafka',
          'messaging.destination.name': topic,
          'messaging.kafka.destination.partition': partition,
          'messaging.kafka.message.offset': message.offset,
          'messaging.consumer.group.name': this.groupId,
        },
      },
      async () => {
        const outcome = await this.handleWithPolicy(payload, meta);
        await this.commit(topic, partition, message.offset);
        this.observer.onProcessed?.(topic, outcome);
      },
    );
  }

  private async handleWithPolicy(
    payload: EachMessagePayload,
    meta: MessageMeta,
  ): Promise<'ok' | 'dead_lettered'> {
    let parsed: T;
    try {
      parsed = this.parse(payload.message);
    } catch (error) {
      await this.deadLetter(payload, error, 1);

      return 'dead_lettered';
    }

    const maxAttempts = this.spec.maxAttempts ?? 3;
    let failures = 0;
    let infraFailures = 0;
    for (;;) {
      try {
        await this.spec.handle(parsed, meta);

        return 'ok';
      } catch (error) {
        if (this.stopping) {
          throw error;
        }
        if (isTransientInfrastructureError(error)) {
          infraFailures += 1;
          await this.waitOutOutage(payload, error, infraFailures);
          continue;
        }
        failures += 1;
        if (failures >= maxAttempts) {
          await this.deadLetter(payload, error, failures);

          return 'dead_lettered';
        }
        this.logger.debug(
          { ...logFields(meta), attempt: failures, err: error },
          'handler failed, retrying',
        );
        await sleep(100 * 2 ** failures);
      }
    }
  }

  private async waitOutOutage(payload: EachMessagePayload, error: unknown, attempt: number) {
    const delay = Math.min(INFRA_BACKOFF_CAP_MS, 250 * 2 ** Math.min(attempt, 6));
    this.logger.warn(
      { topic: payload.topic, partition: payload.partition, attempt, delay_ms: delay, err: error },
      'infrastructure unavailable, record will be retried',
    );
    await payload.heartbeat();
    await sleep(delay);
    await payload.heartbeat();
  }

  private parse(message: KafkaMessage): T {
    if (!message.value) {
      throw new MalformedRecordError('record has no value');
    }
    let json: unknown;
    try {
      json = JSON.parse(message.value.toString('utf8'));
    } catch {
      throw new MalformedRecordError('record value is not JSON');
    }
    const result = this.spec.schema.safeParse(json);
    if (!result.success) {
      const issues = result.error.issues
        .slice(0, 5)
        .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
      throw new MalformedRecordError(`record does not match schema: ${issues.join('; ')}`);
    }

    return result.data;
  }

  private async deadLetter(payload: EachMessagePayload, error: unknown, attempts: number) {
    const { topic, partition, message } = payload;
    const dlqTopic = `${topic}.dlq`;
    const reason = error instanceof Error ? error.message : String(error);
    const headers: IHeaders = {
      ...message.headers,
      [RecordHeader.DlqError]: reason.slice(0, 1000),
      [RecordHeader.DlqErrorCode]: errorCode(error),
      [RecordHeader.DlqSourceTopic]: topic,
      [RecordHeader.DlqSourcePartition]: String(partition),
      [RecordHeader.DlqSourceOffset]: message.offset,
      [RecordHeader.DlqConsumerGroup]: this.groupId,
      [RecordHeader.DlqFailedAt]: new Date().toISOString(),
      [RecordHeader.DlqAttempts]: String(attempts),
    };

    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.bus.sendRaw(dlqTopic, [{ key: message.key, value: message.value, headers }]);
        break;
      } catch (sendError) {
        if (this.stopping) {
          throw sendError;
        }
        await this.waitOutOutage(payload, sendError, attempt);
      }
    }
    this.logger.error(
      { ...logFields(toMeta(topic, partition, message)), dlq_topic: dlqTopic, err: error },
      'record dead-lettered; replay it from the DLQ once the cause is fixed',
    );
  }

  private async commit(topic: string, partition: number, offset: string): Promise<void> {
    const next = (BigInt(offset) + 1n).toString();
    await this.consumer?.commitOffsets([{ topic, partition, offset: next }]);
  }
}

function toMeta(topic: string, partition: number, message: KafkaMessage): MessageMeta {
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key ? message.key.toString('utf8') : null,
    headers: message.headers ?? {},
    timestamp: message.timestamp,
  };
}

function logFields(meta: MessageMeta) {
  return { topic: meta.topic, partition: meta.partition, offset: meta.offset };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
