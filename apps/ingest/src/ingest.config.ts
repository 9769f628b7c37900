import { z } from 'zod';
import { COMMON_ENV, loadEnv, portVariable } from '@rebound/config';

export const INGEST_ENV = {
  ...COMMON_ENV,
  INGEST_PORT: portVariable(3000),
  INGEST_HOST: z.string().default('127.0.0.1'),
  /** What carriers call: signatures cover this URL, not the one a proxy hands us. */
  PUBLIC_BASE_URL: z.string().url(),
  INGEST_MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(256 * 1024),
  /**
   * Express's `trust proxy`: how far to believe X-Forwarded-For when naming
   * the source a rate limit counts. `false` (default) counts the connecting
   * address; behind a Kubernetes ingress set it to the proxies' hop count or
   * address range, or every sender shares the ingress's one bucket.
   */
  INGEST_TRUST_PROXY: z.string().default('false'),
  /** Integrator events older than this are refused: no text for a call from long ago. */
  INTEGRATOR_MAX_EVENT_AGE_HOURS: z.coerce.number().positive().default(24),
  /** Requests per source address per second before 429. */
  INGEST_RATE_LIMIT_PER_SECOND: z.coerce.number().positive().default(200),
  /**
   * Lets `X-Rebound-Clock` set the time a request is judged at, so a replay
   * of recorded webhooks checks signature freshness at the recorded time.
   * Refused in production.
   */
  REBOUND_TRUST_CLOCK_HEADER: z.enum(['true', 'false']).default('false'),
  /**
   * Where ingest's AMI client dials, overriding every Asterisk account's
   * `host`/`port` (one-PBX installs, the local stack, the replay's PBX).
   * The account's `account_id` still names the connection.
   */
  ASTERISK_AMI_HOST: z.string().min(1).optional(),
  ASTERISK_AMI_PORT: z.coerce.number().int().positive().max(65535).optional(),
  /** AMI `Username` for accounts that name none. */
  ASTERISK_AMI_USERNAME: z.string().min(1).default('rebound'),
  /** Longest wait between AMI reconnect attempts (the first is 1 s, doubling). */
  ASTERISK_AMI_MAX_BACKOFF_MS: z.coerce.number().int().positive().default(30_000),
};

export type IngestConfig = ReturnType<typeof loadIngestConfig>;

export function loadIngestConfig(env = process.env) {
  const config = loadEnv(INGEST_ENV, env);
  if (config.NODE_ENV === 'production' && config.REBOUND_TRUST_CLOCK_HEADER === 'true') {
    throw new Error('REBOUND_TRUST_CLOCK_HEADER: must not be true in production');
  }

  return { ...config, PUBLIC_BASE_URL: config.PUBLIC_BASE_URL.replace(/\/+$/, '') };
}
