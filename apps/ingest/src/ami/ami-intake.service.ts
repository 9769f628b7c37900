import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { Metrics, SpanKind, inSpan, type Logger } from '@rebound/telemetry';
import { Clock, LOGGER } from '@rebound/service-kit';
import { AmiClient, type AmiLogger } from '../carriers/asterisk/ami-client';
import type { AmiFrame } from '../carriers/asterisk/ami-frame.parser';
import { amiFrameToInboundWebhook } from '../carriers/asterisk/asterisk-ami.adapter';
import { WebhookRejection } from '../carriers/carrier-adapter';
import { IntakePublisher } from '../intake/intake.publisher';
import { WebhookIntake } from '../intake/webhook-intake';
import { AmiCallTraces } from './ami-call.traces';
import { connectionIdentity, type AmiConnection } from './ami-connection';

export const AMI_CONNECTIONS = Symbol('AMI_CONNECTIONS');

/** Delay between attempts to publish a frame Kafka did not take; doubles up to 30 s. */
const PUBLISH_RETRY_MS = 500;

export interface AmiConnectionStatus {
  account: string;
  connected: boolean;
}

/**
 * Connects out to every configured PBX's Manager Interface and feeds each
 * event frame through the same intake and publisher as an HTTP webhook:
 * adapter check, tenant routing, publish after Kafka's ack. Frames of one
 * connection are handled one at a time, in arrival order; a frame Kafka
 * did not take is retried (a PBX does not resend), so none is dropped
 * while ingest runs.
 */
@Injectable()
export class AmiIntakeService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly clients = new Map<string, AmiClient>();
  private readonly queues = new Map<string, Promise<void>>();
  private readonly traces = new AmiCallTraces();
  private stopping = false;

  constructor(
    @Inject(AMI_CONNECTIONS) private readonly connections: AmiConnection[],
    @Inject(WebhookIntake) private readonly intake: WebhookIntake,
    @Inject(IntakePublisher) private readonly publisher: IntakePublisher,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(Metrics) private readonly metrics: Metrics,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    for (const connection of this.connections) {
      this.connect(connection);
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    for (const client of this.clients.values()) {
      client.stop();
    }
    await Promise.all(this.queues.values());
  }

  status(): AmiConnectionStatus[] {
    return [...this.clients].map(([account, client]) => ({
      account,
      connected: client.connected,
    }));
  }

  private connect(connection: AmiConnection): void {
    const client = new AmiClient({ ...connection, logger: this.amiLogger(connection.accountId) });
    const connected = this.metrics.gauge(
      'rebound_ingest_ami_connected',
      'Whether the AMI connection to a PBX is logged in (1) or reconnecting (0)',
      ['account'],
    );
    connected.set({ account: connection.accountId }, 0);
    client.on('connected', () => connected.set({ account: connection.accountId }, 1));
    client.on('disconnected', () => connected.set({ account: connection.accountId }, 0));
    client.on('error', () => undefined);
    client.on('event', (frame: AmiFrame, raw: string) => this.enqueue(connection, frame, raw));
    this.clients.set(connection.accountId, client);
    client.start();
  }

  private enqueue(connection: AmiConnection, frame: AmiFrame, raw: string): void {
    const receivedAt = this.clock.now();
    const previous = this.queues.get(connection.accountId) ?? Promise.resolve();
    this.queues.set(
      connection.accountId,
      previous.then(() => this.handle(connection, frame, raw, receivedAt)),
    );
  }

  private async handle(
    connection: AmiConnection,
    frame: AmiFrame,
    raw: string,
    receivedAt: Date,
  ): Promise<void> {
    const parent = this.traces.contextFor(frame);
    await inSpan(
      'ingest ami event',
      { kind: SpanKind.CONSUMER, parent, attributes: { 'ami.event': frame.Event ?? '' } },
      async (span) => {
        const outcome = await this.accept(connection, raw, receivedAt);
        span.setAttribute('rebound.outcome', outcome);
        this.count(outcome);
      },
    );
  }

  private async accept(connection: AmiConnection, raw: string, receivedAt: Date): Promise<string> {
    const webhook = amiFrameToInboundWebhook(
      raw,
      connectionIdentity(connection.accountId),
      receivedAt,
    );
    try {
      const outcome = this.intake.accept(webhook);
      await this.publishUntilTaken(() => this.publisher.publish(outcome, webhook.path, receivedAt));
      if (outcome.kind === 'unrouted') {
        this.logger.warn(
          { account: connection.accountId },
          'AMI call for a number no tenant owns: counted, not processed',
        );
      }

      return outcome.kind;
    } catch (error) {
      if (error instanceof WebhookRejection) {
        this.logger.warn(
          { account: connection.accountId, reason: error.reason },
          'AMI frame refused',
        );

        return `rejected_${error.reason}`;
      }
      throw error;
    }
  }

  private async publishUntilTaken(publish: () => Promise<void>): Promise<void> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        await publish();

        return;
      } catch (error) {
        if (this.stopping) {
          this.logger.error({ err: error }, 'AMI event not published before shutdown: lost');

          return;
        }
        this.logger.warn({ err: error, attempt }, 'AMI event not published; retrying');
        await sleep(Math.min(30_000, PUBLISH_RETRY_MS * 2 ** Math.min(attempt, 6)));
      }
    }
  }

  private count(outcome: string): void {
    this.metrics
      .counter('rebound_ingest_webhooks_total', 'Webhooks received, by carrier and outcome', [
        'carrier',
        'outcome',
      ])
      .inc({ carrier: 'asterisk', outcome });
  }

  private amiLogger(account: string): AmiLogger {
    const child = this.logger.child({ account });

    return {
      debug: (message, fields) => child.debug(fields ?? {}, message),
      info: (message, fields) => child.info(fields ?? {}, message),
      warn: (message, fields) => child.warn(fields ?? {}, message),
    };
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
