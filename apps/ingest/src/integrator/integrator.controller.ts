import { Controller, Inject, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Tenant } from '@rebound/config';
import { Clock, LOGGER } from '@rebound/service-kit';
import { Metrics, SpanKind, extractContext, inSpan, type Logger } from '@rebound/telemetry';
import { WebhookRejection } from '../carriers/carrier-adapter';
import { readRawBody } from '../http/raw-body.reader';
import { requestTime } from '../http/request.clock';
import { SourceRateLimiter } from '../http/source-rate.limiter';
import { IntakePublisher } from '../intake/intake.publisher';
import type { IngestConfig } from '../ingest.config';
import { INGEST_CONFIG } from '../ingest.tokens';
import { AcceptedEventRepository } from './accepted-event.repository';
import type { IntegratorEvent } from './integrator-event.schema';
import { IntegratorIntake, InvalidEventRejection } from './integrator-intake';

export const INTEGRATOR_ROUTE = '/v1/call-events';

export interface IntegratorReply {
  status: 'accepted';
  /** True when every event of the request had been accepted before: nothing was published. */
  duplicate: boolean;
  results: Array<{ event_id: string; duplicate: boolean }>;
}

/**
 * The integrator API: a phone system that is not one of our carriers posts
 * canonical call events. 200 only after Kafka has the new events; a
 * repeated event id is acknowledged as a duplicate and not published
 * again; anything the client got wrong is a 4xx with a reason.
 */
@Controller()
export class IntegratorController {
  private readonly limiter: SourceRateLimiter;

  constructor(
    @Inject(IntegratorIntake) private readonly intake: IntegratorIntake,
    @Inject(AcceptedEventRepository) private readonly accepted: AcceptedEventRepository,
    @Inject(IntakePublisher) private readonly publisher: IntakePublisher,
    @Inject(INGEST_CONFIG) private readonly config: IngestConfig,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(Metrics) private readonly metrics: Metrics,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.limiter = new SourceRateLimiter(config.INGEST_RATE_LIMIT_PER_SECOND);
  }

  @Post('v1/call-events')
  async receive(@Req() request: Request, @Res() response: Response): Promise<void> {
    const parent = extractContext(request.headers);
    await inSpan(
      'ingest integrator events',
      { kind: SpanKind.SERVER, parent, attributes: { 'url.path': INTEGRATOR_ROUTE } },
      async (span) => {
        const outcome = await this.handle(request, response);
        span.setAttribute('rebound.outcome', outcome);
        this.count(outcome);
      },
    );
  }

  private async handle(request: Request, response: Response): Promise<string> {
    try {
      if (!this.limiter.tryTake(request.ip ?? 'unknown')) {
        throw new WebhookRejection(429, 'rate_limited', 'too many requests from this source');
      }
      const tenant = this.intake.authenticate(request.headers.authorization);
      const contentType = (request.headers['content-type'] ?? '').split(';')[0].trim();
      if (contentType.toLowerCase() !== 'application/json') {
        throw new WebhookRejection(415, 'unsupported_media_type', 'expected application/json');
      }
      const events = this.intake.read(
        await readRawBody(request, this.config.INGEST_MAX_BODY_BYTES),
      );
      const receivedAt = requestTime(request, this.config, this.clock);
      this.intake.checkTimes(events, receivedAt, this.config.INTEGRATOR_MAX_EVENT_AGE_HOURS);
      const reply = await this.accept(tenant, events, receivedAt);
      response.status(200).json(reply);

      return reply.duplicate ? 'duplicate' : 'accepted';
    } catch (error) {
      return this.refuse(error, response);
    }
  }

  private async accept(
    tenant: Tenant,
    events: IntegratorEvent[],
    receivedAt: Date,
  ): Promise<IntegratorReply> {
    const known = await this.accepted.known(
      tenant.id,
      events.map((event) => event.event_id),
    );
    const results = events.map((event) => {
      const duplicate = known.has(event.event_id);
      known.add(event.event_id);

      return { event, duplicate };
    });
    const fresh = results.filter((item) => !item.duplicate).map((item) => item.event);
    await this.publisher.publish(
      {
        kind: 'routed',
        carrier: 'integrator',
        tenant,
        callEvents: fresh.map((event) => this.intake.toCallEvent(event, tenant, receivedAt)),
        smsStatuses: [],
        inboundSms: [],
      },
      INTEGRATOR_ROUTE,
      receivedAt,
    );
    await this.accepted.remember(tenant.id, fresh);

    return {
      status: 'accepted',
      duplicate: fresh.length === 0,
      results: results.map((item) => ({
        event_id: item.event.event_id,
        duplicate: item.duplicate,
      })),
    };
  }

  private refuse(error: unknown, response: Response): string {
    if (error instanceof WebhookRejection) {
      const issues = error instanceof InvalidEventRejection ? { issues: error.issues } : {};
      this.logger.info(
        { status: error.status, reason: error.reason },
        'integrator request refused',
      );
      if (error.status === 429) {
        response.setHeader('Retry-After', '1');
      }
      response.status(error.status).json({ error: error.reason, detail: error.message, ...issues });

      return `rejected_${error.reason}`;
    }
    this.logger.error({ err: error }, 'integrator events not accepted; client should retry');
    response
      .status(503)
      .json({ error: 'unavailable', detail: 'events could not be stored; retry later' });

    return 'error';
  }

  private count(outcome: string): void {
    this.metrics
      .counter('rebound_ingest_webhooks_total', 'Webhooks received, by carrier and outcome', [
        'carrier',
        'outcome',
      ])
      .inc({ carrier: 'integrator', outcome });
  }
}
