import type { Admin } from 'kafkajs';
import type { KafkaBus } from '@rebound/kafka';
import type { Gauge } from 'prom-client';
import type { Logger } from '@rebound/telemetry';
import { PeriodicTask } from './periodic.task';

export interface LagSubject {
  groupId: string;
  topic: string;
}

/**
 * Measures each consumer group's lag (newest offset minus committed offset,
 * per partition) and keeps it in `rebound_kafka_consumer_lag`, the figure
 * operators alert on before a consumer falls behind. KEDA reads the same
 * lag from the broker itself to scale the consumers.
 */
export class ConsumerLagMonitor {
  private task: PeriodicTask | undefined;
  private admin: Admin | undefined;

  constructor(
    private readonly bus: KafkaBus,
    private readonly gauge: Gauge,
    private readonly logger: Logger,
    private readonly intervalMs: number,
  ) {}

  start(subjects: LagSubject[]): void {
    this.task = new PeriodicTask(
      { name: 'consumer lag', intervalMs: this.intervalMs, firstRunMs: 0 },
      () => this.measure(subjects),
      this.logger,
    );
    this.task.start();
  }

  async stop(): Promise<void> {
    await this.task?.stop();
    this.task = undefined;
    await this.admin?.disconnect();
    this.admin = undefined;
  }

  async measure(subjects: LagSubject[]): Promise<void> {
    if (!this.admin) {
      this.admin = this.bus.kafka.admin();
      await this.admin.connect();
    }
    for (const { groupId, topic } of subjects) {
      const newest = await this.admin.fetchTopicOffsets(topic);
      const [committed] = await this.admin.fetchOffsets({ groupId, topics: [topic] });
      for (const partition of newest) {
        const done = committed?.partitions.find((item) => item.partition === partition.partition);
        const from = done && done.offset !== '-1' ? BigInt(done.offset) : BigInt(partition.low);
        const lag = BigInt(partition.high) - from;
        this.gauge.set(
          { topic, partition: String(partition.partition), group: groupId },
          Number(lag),
        );
      }
    }
  }
}
