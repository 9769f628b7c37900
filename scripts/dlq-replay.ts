import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type IHeaders, type KafkaMessage } from 'kafkajs';
import { DLQ_SUFFIX, RecordHeader } from '@rebound/contracts';

/**
 * `npm run dlq:replay -- <topic>.dlq [--dry-run]`: republishes every record
 * of a dead-letter topic to the topic it came from, with its original key
 * and value (so it lands on the same partition as the rest of its call or
 * caller) and without the dead-letter headers. With --dry-run it only lists
 * the records and their errors. It reads the DLQ in a consumer group of its
 * own, so a second run continues where the first stopped.
 */
export interface DlqReplayResult {
  replayed: number;
  listed: Array<{ offset: string; code: string; error: string; source: string }>;
}

const DLQ_HEADERS = new Set<string>([
  RecordHeader.DlqError,
  RecordHeader.DlqErrorCode,
  RecordHeader.DlqSourceTopic,
  RecordHeader.DlqSourcePartition,
  RecordHeader.DlqSourceOffset,
  RecordHeader.DlqConsumerGroup,
  RecordHeader.DlqFailedAt,
  RecordHeader.DlqAttempts,
]);

export async function replayDeadLetters(
  dlqTopic: string,
  options: { brokers: string[]; dryRun: boolean; timeoutMs?: number },
): Promise<DlqReplayResult> {
  if (!dlqTopic.endsWith(DLQ_SUFFIX)) {
    throw new Error(`${dlqTopic} is not a dead-letter topic (it must end in ${DLQ_SUFFIX})`);
  }
  process.env.KAFKAJS_NO_PARTITIONER_WARNING ??= '1';
  const kafka = new Kafka({
    clientId: 'rebound-dlq-replay',
    brokers: options.brokers,
    logLevel: logLevel.WARN,
  });
  const groupId = options.dryRun
    ? `rebound-dlq-inspect-${randomUUID()}`
    : `rebound-dlq-replay-${dlqTopic}`;
  const consumer = kafka.consumer({ groupId });
  const producer = kafka.producer();
  const result: DlqReplayResult = { replayed: 0, listed: [] };
  // Every consumer group that gave up on a record dead-letters its own copy;
  // the source topic needs it once (all groups read it again from there).
  const republished = new Set<string>();
  const remaining = await recordsToRead(kafka, dlqTopic, groupId);

  await Promise.all([consumer.connect(), producer.connect()]);
  try {
    await consumer.subscribe({ topic: dlqTopic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        const left = remaining.get(partition) ?? 0n;
        if (left <= 0n) {
          // Arrived after the replay started (perhaps dead-lettered again): left for the next run.
          return;
        }
        remaining.set(partition, left - 1n);
        result.listed.push(describe(message, dlqTopic));
        const origin = originOf(message);
        if (!options.dryRun && !republished.has(origin)) {
          republished.add(origin);
          await republish(producer, dlqTopic, message);
          result.replayed += 1;
        }
        if (!options.dryRun) {
          await consumer.commitOffsets([
            { topic: dlqTopic, partition, offset: (BigInt(message.offset) + 1n).toString() },
          ]);
        }
      },
    });
    await waitUntilRead(remaining, options.timeoutMs ?? 60_000);
  } finally {
    await Promise.all([consumer.disconnect(), producer.disconnect()]);
  }

  return result;
}

async function republish(
  producer: ReturnType<Kafka['producer']>,
  dlqTopic: string,
  message: KafkaMessage,
) {
  const source =
    header(message, RecordHeader.DlqSourceTopic) || dlqTopic.slice(0, -DLQ_SUFFIX.length);
  const headers: IHeaders = Object.fromEntries(
    Object.entries(message.headers ?? {}).filter(([name]) => !DLQ_HEADERS.has(name)),
  );
  await producer.send({
    topic: source,
    acks: -1,
    messages: [{ key: message.key, value: message.value, headers }],
  });
}

/** Where a dead letter came from: source topic, partition and offset. */
function originOf(message: KafkaMessage): string {
  return [
    header(message, RecordHeader.DlqSourceTopic),
    header(message, RecordHeader.DlqSourcePartition),
    header(message, RecordHeader.DlqSourceOffset),
  ].join(':');
}

function describe(message: KafkaMessage, dlqTopic: string) {
  return {
    offset: message.offset,
    code: header(message, RecordHeader.DlqErrorCode),
    error: header(message, RecordHeader.DlqError),
    source: header(message, RecordHeader.DlqSourceTopic) || dlqTopic.slice(0, -DLQ_SUFFIX.length),
  };
}

function header(message: KafkaMessage, name: string): string {
  const value = message.headers?.[name];

  return Array.isArray(value) ? String(value[0] ?? '') : value ? value.toString() : '';
}

/** Per partition, how many records lie between the group's position and the end right now. */
async function recordsToRead(
  kafka: Kafka,
  topic: string,
  groupId: string,
): Promise<Map<number, bigint>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const ends = await admin.fetchTopicOffsets(topic);
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });

    return new Map(
      ends.map((end) => {
        const done = committed?.partitions.find((item) => item.partition === end.partition);
        const from = done && done.offset !== '-1' ? BigInt(done.offset) : BigInt(end.low);

        return [end.partition, BigInt(end.high) - from];
      }),
    );
  } finally {
    await admin.disconnect();
  }
}

async function waitUntilRead(remaining: Map<number, bigint>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ([...remaining.values()].some((count) => count > 0n)) {
    if (Date.now() > deadline) {
      throw new Error('the dead-letter topic was not read to its end in time');
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const topic = args.find((arg) => !arg.startsWith('--'));
  if (!topic) {
    console.error('usage: npm run dlq:replay -- <topic>.dlq [--dry-run]');
    process.exit(2);
  }
  const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
  replayDeadLetters(topic, { brokers, dryRun: args.includes('--dry-run') })
    .then((result) => {
      for (const record of result.listed) {
        console.log(JSON.stringify(record));
      }
      console.error(
        `dlq-replay: ${result.listed.length} records read, ${result.replayed} republished`,
      );
      process.exit(0);
    })
    .catch((error: unknown) => {
      console.error(`dlq-replay: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    });
}
