import { randomBytes } from 'node:crypto';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { z } from 'zod';
import { KafkaBus, ConsumerRunner } from '@rebound/kafka';
import { createLogger, startTracing, stopTracing, SpanKind } from '@rebound/telemetry';

jest.setTimeout(60_000);

describe('trace context across a Kafka hop', () => {
  const exporter = new InMemorySpanExporter();
  const logger = createLogger('trace-test', 'warn');
  const prefix = `t${randomBytes(4).toString('hex')}.`;
  const bus = new KafkaBus(
    { brokers: ['127.0.0.1:9092'], clientId: 'trace-test', topicPrefix: prefix },
    logger,
  );
  let runner: ConsumerRunner<{ n: number }> | undefined;

  beforeAll(async () => {
    startTracing({ serviceName: 'trace-test', exporters: [exporter] });
    await bus.ensureTopics();
  });

  afterAll(async () => {
    await runner?.stop();
    await bus.disconnect();
    await stopTracing();
  });

  it("should make the consumer's span a child of the producer's span", async () => {
    let handled: (() => void) | undefined;
    const done = new Promise<void>((resolve) => (handled = resolve));
    runner = new ConsumerRunner(
      bus,
      {
        groupId: `${prefix}group`,
        topic: 'decisions',
        schema: z.object({ n: z.number() }),
        handle: () => {
          handled?.();

          return Promise.resolve();
        },
      },
      logger,
    );
    await runner.start();

    await bus.publish('decisions', {
      key: 'k',
      value: { n: 1 },
      eventType: 'test',
      schemaVersion: 1,
    });
    await done;
    await new Promise((resolve) => setTimeout(resolve, 200));

    const spans = exporter.getFinishedSpans();
    const producer = spans.find((span) => span.kind === SpanKind.PRODUCER);
    const consumer = spans.find((span) => span.kind === SpanKind.CONSUMER);
    expect(producer).toBeDefined();
    expect(consumer).toBeDefined();
    expect(consumer?.spanContext().traceId).toBe(producer?.spanContext().traceId);
    expect(consumer?.parentSpanContext?.spanId).toBe(producer?.spanContext().spanId);
  });
});
