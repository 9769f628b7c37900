import { All, Controller, Inject, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Metrics, SpanKind, extractContext, inSpan, type Logger } from '@rebound/telemetry';
import { Clock, LOGGER } from '@rebound/service-kit';
import { WebhookRejection, type InboundWebhook } from '../carriers/carrier-adapter';
import { IntakePublisher } from '../intake/intake.publisher';
import { WebhookIntake } from '../intake/webhook-intake';
import { INGEST_CONFIG } from '../ingest.tokens';
import type { IngestConfig } from '../ingest.config';
import { readRawBody } from './raw-body.reader';
import { requestTime } from './request.clock';
import { SourceRateLimiter } from './source-rate.limiter';

/**
 * Every carrier webhook lands here. The answer is 2xx only after Kafka has
 * the event; anything the sender got wrong is a 4xx with a machine-readable
 * reason, and nothing is published for it.
 */
@Controller()
export class WebhookController {
  private readonly limiter: SourceRateLimiter;

  constructor(
    @Inject(WebhookIntake) private readonly intake: WebhookIntake,
    @Inject(IntakePublisher) private readonly publisher: IntakePublisher,
    @Inject(INGEST_CONFIG) private readonly config: IngestConfig,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(Metrics) private readonly metrics: Metrics,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.limiter = new SourceRateLimiter(config.INGEST_RATE_LIMIT_PER_SECOND);
  }

  @All('webhooks/*path')
  async receive(@Req() request: Request, @Res() response: Response): Promise<void> {
    const parent = extractContext(request.headers);
    await inSpan(
      'ingest webhook',
      { kind: SpanKind.SERVER, parent, attributes: { 'url.path': request.path } },
      async (span) => {
        const outcome = await this.handle(request, response);
        span.setAttribute('rebound.outcome', outcome);
      },
    );
  }

  private async handle(request: Request, response: Response): Promise<string> {
    const carrier = request.path.split('/')[2] ?? 'unknown';
    try {
      if (!this.limiter.tryTake(request.ip ?? 'unknown')) {
        throw new WebhookRejection(429, 'rate_limited', 'too many requests from this source');
      }
      if (request.method !== 'POST' && request.method !== 'GET') {
        // Carriers call with POST (or GET for a few legacy callbacks), nothing else.
        throw new WebhookRejection(
          405,
          'method_not_allowed',
          'use POST (or GET where the carrier does)',
        );
      }
      const webhook = await this.toInboundWebhook(request);
      const outcome = this.intake.accept(webhook);
      await this.publisher.publish(outcome, webhook.path, webhook.receivedAt);
      this.count(carrier, outcome.kind);
      if (outcome.kind === 'unrouted') {
        this.logger.warn(
          { carrier, route: webhook.path },
          'webhook for a number no tenant owns: acknowledged, not processed',
        );
      }
      const reply = outcome.kind === 'routed' ? outcome.reply : undefined;
      if (reply) {
        response
          .status(reply.status ?? 200)
          .type(reply.contentType)
          .send(reply.body);
      } else {
        response.status(200).json({ status: 'accepted', outcome: outcome.kind });
      }

      return outcome.kind;
    } catch (error) {
      if (error instanceof WebhookRejection) {
        this.count(carrier, `rejected_${error.reason}`);
        this.logger.info(
          { carrier, route: request.path, status: error.status, reason: error.reason },
          'webhook rejected',
        );
        if (error.status === 429) {
          response.setHeader('Retry-After', '1');
        }
        response.status(error.status).json({ error: error.reason, detail: error.message });

        return `rejected_${error.reason}`;
      }
      this.count(carrier, 'error');
      this.logger.error(
        { carrier, route: request.path, err: error },
        'webhook not accepted; carrier will retry',
      );
      response
        .status(503)
        .json({ error: 'unavailable', detail: 'event could not be stored; retry later' });

      return 'error';
    }
  }

  private async toInboundWebhook(request: Request): Promise<InboundWebhook> {
    const rawBody = await readRawBody(request, this.config.INGEST_MAX_BODY_BYTES);
    const query = request.originalUrl.includes('?')
      ? request.originalUrl.slice(request.originalUrl.indexOf('?'))
      : '';

    return {
      method: request.method,
      publicUrl: `${this.config.PUBLIC_BASE_URL}${request.path}${query}`,
      path: request.path,
      query: Object.fromEntries(new URLSearchParams(query)),
      headers: lowerCaseHeaders(request.headers),
      rawBody,
      contentType: (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase(),
      receivedAt: requestTime(request, this.config, this.clock),
    };
  }

  private count(carrier: string, outcome: string): void {
    this.metrics
      .counter('rebound_ingest_webhooks_total', 'Webhooks received, by carrier and outcome', [
        'carrier',
        'outcome',
      ])
      .inc({ carrier, outcome });
  }
}

function lowerCaseHeaders(headers: Request['headers']): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [
      name.toLowerCase(),
      Array.isArray(value) ? value.join(',') : (value ?? ''),
    ]),
  );
}
