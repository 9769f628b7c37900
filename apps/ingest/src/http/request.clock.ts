import type { Request } from 'express';
import type { Clock } from '@rebound/service-kit';
import type { IngestConfig } from '../ingest.config';

/**
 * The time a request is judged at: `X-Rebound-Clock` when the replay
 * switch is on (never in production, see the config), else now.
 */
export function requestTime(request: Request, config: IngestConfig, clock: Clock): Date {
  const header = request.headers['x-rebound-clock'];
  if (config.REBOUND_TRUST_CLOCK_HEADER === 'true' && typeof header === 'string') {
    const stated = new Date(header);
    if (!Number.isNaN(stated.getTime())) {
      return stated;
    }
  }

  return clock.now();
}
