import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { ConsumerRunner, KafkaBus, type ConsumerSpec } from '@rebound/kafka';
import { Metrics, type Logger } from '@rebound/telemetry';
import { ConsumerLagMonitor } from './consumer-lag.monitor';
import { HealthRegistry } from './health.registry';
import { LOGGER } from './tokens';

/**
 * Runs a service's Kafka consumers: starts them once the app is up, stops
 * them first on shutdown (finish the record in flight, commit, leave the
 * group), and reports each one's health.
 */
@Injectable()
export class ConsumerHost implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly specs: Array<ConsumerSpec<unknown>> = [];
  private readonly runners: Array<ConsumerRunner<unknown>> = [];
  private lagMonitor: ConsumerLagMonitor | undefined;

  constructor(
    @Inject(KafkaBus) private readonly bus: KafkaBus,
    @Inject(Metrics) private readonly metrics: Metrics,
    @Inject(HealthRegistry) private readonly health: HealthRegistry,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  add<T>(spec: ConsumerSpec<T>): void {
    this.specs.push(spec as ConsumerSpec<unknown>);
  }

  async onApplicationBootstrap(): Promise<void> {
    const processed = this.metrics.counter(
      'rebound_kafka_records_total',
      'Records consumed, by topic and outcome',
      ['topic', 'outcome'],
    );
    const deadLettered = this.metrics.counter(
      'rebound_kafka_dead_lettered_total',
      'Records sent to a dead-letter topic',
      ['topic'],
    );
    for (const spec of this.specs) {
      const runner = new ConsumerRunner(
        this.bus,
        spec,
        this.logger.child({ consumer: spec.groupId }),
        {
          onProcessed: (topic, outcome) => {
            processed.inc({ topic, outcome });
            if (outcome === 'dead_lettered') {
              deadLettered.inc({ topic });
            }
          },
        },
      );
      await runner.start();
      this.watch(runner, spec.groupId);
      this.runners.push(runner);
    }
    this.startLagMonitor();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.lagMonitor?.stop();
    await Promise.all(this.runners.map((runner) => runner.stop()));
  }

  private startLagMonitor(): void {
    if (this.runners.length === 0) {
      return;
    }
    const gauge = this.metrics.gauge(
      'rebound_kafka_consumer_lag',
      'Records not yet processed, by topic, partition and consumer group',
      ['topic', 'partition', 'group'],
    );
    const intervalMs = Number(process.env.KAFKA_LAG_INTERVAL_MS ?? 15_000);
    this.lagMonitor = new ConsumerLagMonitor(this.bus, gauge, this.logger, intervalMs);
    this.lagMonitor.start(
      this.specs.map((spec) => ({
        groupId: this.bus.consumerGroup(spec.groupId),
        topic: this.bus.topics.of(spec.topic),
      })),
    );
  }

  private watch(runner: ConsumerRunner<unknown>, groupId: string): void {
    let crashed: string | undefined;
    const consumer = runner.consumerInstance;
    consumer?.on(consumer.events.CRASH, (event) => {
      crashed = String(event.payload.error);
      this.logger.error(
        { group: groupId, err: event.payload.error, restart: event.payload.restart },
        'consumer crashed',
      );
    });
    consumer?.on(consumer.events.GROUP_JOIN, () => {
      crashed = undefined;
    });
    this.health.register(`consumer:${runner.topicName}`, () =>
      crashed ? Promise.reject(new Error(`consumer crashed: ${crashed}`)) : Promise.resolve(),
    );
  }
}
