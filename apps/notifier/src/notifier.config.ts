import { z } from 'zod';
import { COMMON_ENV, loadEnv, portVariable } from '@rebound/config';

export const NOTIFIER_ENV = {
  ...COMMON_ENV,
  NOTIFIER_PORT: portVariable(3003),
  TWILIO_ACCOUNT_SID: z
    .string()
    .regex(/^AC[0-9a-f]{32}$/)
    .optional(),
  TWILIO_AUTH_TOKEN: z.string().min(8).optional(),
  /** A local server speaking Twilio's API (tests, demos); unset sends to Twilio. */
  TWILIO_API_BASE_URL: z.string().url().optional(),
  /** The default MessageBird access key; tenants may name their own (provider_credentials). */
  MESSAGEBIRD_ACCESS_KEY: z.string().min(8).optional(),
  /** Where providers post delivery receipts: ingest's public base URL. */
  PUBLIC_BASE_URL: z.string().url().optional(),
  /** Attempts per provider for a retryable error (throttling, 5xx, refused connection). */
  NOTIFIER_SEND_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(4),
  /** First backoff between attempts; doubles per attempt, with jitter, capped at 30 s. */
  NOTIFIER_RETRY_BASE_MS: z.coerce.number().int().min(1).max(60_000).default(500),
  /** A provider call that has not answered by then has an unknown outcome: reconcile, never resend. */
  NOTIFIER_PROVIDER_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(15_000),
  /** Consecutive retryable failures that open a provider's circuit. */
  NOTIFIER_BREAKER_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
  /** How long an open circuit stays open before one trial request goes through. */
  NOTIFIER_BREAKER_COOLDOWN_SECONDS: z.coerce.number().min(0.1).max(3600).default(30),
  /** Texts per second per sender when the tenant sets none (Twilio long codes: 1). */
  NOTIFIER_SENDER_RATE_PER_SECOND: z.coerce.number().positive().max(1000).default(1),
  /** How often rows past their tenant's retention are pseudonymised. */
  NOTIFIER_RETENTION_SWEEP_SECONDS: z.coerce.number().int().min(1).default(3600),
};

export type NotifierConfig = ReturnType<typeof loadNotifierConfig>;

export function loadNotifierConfig(env = process.env) {
  return loadEnv(NOTIFIER_ENV, env);
}
