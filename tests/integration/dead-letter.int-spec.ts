import { randomBytes } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { z } from 'zod';
import { RecordHeader } from '@rebound/contracts';
import { ConsumerRunner, KafkaBus } from '@rebound/kafka';
import { createLogger } from '@rebound/telemetry';
import { replayDeadLetters } from '../../scripts/dlq-replay';

jest.setTimeout(90_000);

describe('poison records and the dead-letter topic', () => {
  const prefix = `t${randomBytes(4).toString('hex')}.`;
  const logger = createLogger('dlq-test', 'fatal');
  const bus = new KafkaBus(
    { brokers: ['127.0.0.1:9092'], clientId: 'dlq-test', topicPrefix: prefix },
    logger,
  );
  const kafka = new Kafka({
    clientId: 'dlq-test-reader',
    brokers: ['127.0.0.1:9092'],
    logLevel: logLevel.NOTHING,
  });
  const handled: number[] = [];
  let runner: ConsumerRunner<{ n: number }>;

  beforeAll(async () => {
    await bus.ensureTopics();
    runner = new ConsumerRunner(
      bus,
      {
        groupId: `${prefix}group`,
        topic: 'decisions',
        schema: z.object({ n: z.number() }),
        maxAttempts: 2,
        handle: ({ n }) => {
          if (n === 13) {
            return Promise.reject(new Error('handler cannot process thirteen'));
          }
          handled.push(n);

          return Promise.resolve();
        },
      },
      logger,
    );
    await runner.start();
  });

  afterAll(async () => {
    await runner.stop();
    await bus.disconnect();
  });

  async function readDlq(): Promise<Array<{ value: string; code: string; error: string }>> {
    const consumer = kafka.consumer({
      groupId: `${prefix}reader-${randomBytes(3).toString('hex')}`,
    });
    const records: Array<{ value: string; code: string; error: string }> = [];
    await consumer.connect();
    await consumer.subscribe({ topic: bus.topics.dlqOf('decisions'), fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        records.push({
          value: message.value?.toString() ?? '',
          code: message.headers?.[RecordHeader.DlqErrorCode]?.toString() ?? '',
          error: message.headers?.[RecordHeader.DlqError]?.toString() ?? '',
        });
        await Promise.resolve();
      },
    });
    const deadline = Date.now() + 20_000;
    while (records.length < 2 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await consumer.disconnect();

    return records;
  }

  it('should dead-letter a malformed and a failing record and keep the partition moving', async () => {
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic: bus.topics.of('decisions'),
      messages: [
        { key: 'same', value: 'not json' },
        { key: 'same', value: JSON.stringify({ n: 13 }) },
        { key: 'same', value: JSON.stringify({ n: 2 }) },
      ],
    });
    await producer.disconnect();
    const deadline = Date.now() + 30_000;
    while (!handled.includes(2) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }

    const dead = await readDlq();

    expect(handled).toEqual([2]);
    expect(dead.map((record) => record.code).sort()).toEqual(['Error', 'MALFORMED_RECORD']);
    expect(dead.find((record) => record.code === 'Error')?.error).toBe(
      'handler cannot process thirteen',
    );
  });

  it('should list dead letters on a dry run and republish them on a replay', async () => {
    const listed = await replayDeadLetters(bus.topics.dlqOf('decisions'), {
      brokers: ['127.0.0.1:9092'],
      dryRun: true,
    });
    const replayed = await replayDeadLetters(bus.topics.dlqOf('decisions'), {
      brokers: ['127.0.0.1:9092'],
      dryRun: false,
    });

    expect(listed.listed.map((record) => record.source)).toEqual([
      bus.topics.of('decisions'),
      bus.topics.of('decisions'),
    ]);
    expect(listed.replayed).toBe(0);
    expect(replayed.replayed).toBe(2);
  });

  it('should republish a record that several consumer groups dead-lettered only once', async () => {
    const producer = kafka.producer();
    await producer.connect();
    const origin = {
      [RecordHeader.DlqSourceTopic]: bus.topics.of('inboundReadings'),
      [RecordHeader.DlqSourcePartition]: '0',
      [RecordHeader.DlqSourceOffset]: '99',
      [RecordHeader.DlqErrorCode]: 'Error',
    };
    await producer.send({
      topic: bus.topics.dlqOf('inboundReadings'),
      messages: ['group-a', 'group-b'].map((group) => ({
        key: 'same',
        value: JSON.stringify({ n: 99 }),
        headers: { ...origin, [RecordHeader.DlqConsumerGroup]: group },
      })),
    });
    await producer.disconnect();

    const replayed = await replayDeadLetters(bus.topics.dlqOf('inboundReadings'), {
      brokers: ['127.0.0.1:9092'],
      dryRun: false,
    });

    expect(replayed.listed.length).toBe(2);
    expect(replayed.replayed).toBe(1);
  });
});
