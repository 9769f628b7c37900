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
  /** Where providers post delivery receipts: ingest's public base URL. */
  PUBLIC_BASE_URL: z.string().url().optional(),
  NOTIFIER_SEND_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(4),
};

export type NotifierConfig = ReturnType<typeof loadNotifierConfig>;

export function loadNotifierConfig(env = process.env) {
  return loadEnv(NOTIFIER_ENV, env);
}
