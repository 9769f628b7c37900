import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Consumer, type Producer } from 'kafkajs';
import { TOPIC_SUFFIXES, type TopicKey } from '@rebound/contracts';

/** Reads topics of one isolated stack from the beginning and keeps every record's value. */
export class TopicTap {
  readonly records = new Map<string, unknown[]>();
  private readonly kafka = new Kafka({
    clientId: 'detector-e2e',
    brokers: ['127.0.0.1:9092'],
    logLevel: logLevel.NOTHING,
  });
  private consumer: Consumer | undefined;
  private producer: Producer | undefined;

  constructor(private readonly prefix: string) {}

  topic(key: TopicKey): string {
    return `${this.prefix}${TOPIC_SUFFIXES[key]}`;
  }

  values<T>(key: TopicKey): T[] {
    return (this.records.get(this.topic(key)) ?? []) as T[];
  }

  /** Subscribes once the topics exist (the service under test creates them at start). */
  async start(keys: TopicKey[]): Promise<void> {
    this.consumer = this.kafka.consumer({ groupId: `detector-e2e-${randomUUID()}` });
    await this.consumer.connect();
    for (const key of keys) {
      await this.consumer.subscribe({ topic: this.topic(key), fromBeginning: true });
    }
    await this.consumer.run({
      eachMessage: async ({ topic, message }) => {
        const list = this.records.get(topic) ?? [];
        list.push(JSON.parse(message.value?.toString('utf8') ?? 'null'));
        this.records.set(topic, list);
        await Promise.resolve();
      },
    });
  }

  async publish(key: TopicKey, records: Array<{ key: string; value: unknown }>): Promise<void> {
    if (!this.producer) {
      this.producer = this.kafka.producer();
      await this.producer.connect();
    }
    await this.producer.send({
      topic: this.topic(key),
      acks: -1,
      messages: records.map((record) => ({
        key: record.key,
        value: JSON.stringify(record.value),
      })),
    });
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
    await this.producer?.disconnect();
  }
}

export { waitFor } from '@rebound/testing';

/** Waits until the service on this port reports ready. */
export async function waitReady(port: number, ms = 60_000): Promise<boolean> {
  const ready = () =>
    fetch(`http://127.0.0.1:${port}/health/ready`)
      .then((response) => response.ok)
      .catch(() => false);
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await ready()) {
      return true;
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }

  return false;
}
