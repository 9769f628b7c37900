import { z } from 'zod';
import { COMMON_ENV, loadEnv, portVariable } from '@rebound/config';

export const DETECTOR_ENV = {
  ...COMMON_ENV,
  DETECTOR_PORT: portVariable(3001),
  /** Quiet time after a call's latest event before it is judged: late stragglers still count. */
  DETECTOR_SETTLE_SECONDS: z.coerce.number().min(0).max(60).default(1.5),
  /**
   * With no final event for this long, the carrier's API is asked (where it
   * has one); failing that the call is published as undecided: never a guessed text.
   */
  DETECTOR_SILENCE_SECONDS: z.coerce.number().positive().default(600),
  DETECTOR_SWEEP_INTERVAL_MS: z.coerce.number().int().min(50).default(250),
  /** How long a decided verdict is reserved for the sweeper publishing it before another may retry. */
  DETECTOR_PUBLISH_LEASE_SECONDS: z.coerce.number().positive().default(30),
  /** How often events older than each tenant's retention_days are deleted. */
  DETECTOR_RETENTION_INTERVAL_SECONDS: z.coerce.number().positive().default(3600),
  /** Twilio's Calls resource, asked about silent Twilio calls; unset turns the lookup off. */
  TWILIO_ACCOUNT_SID: z
    .string()
    .regex(/^AC[0-9a-f]{32}$/i)
    .optional(),
  TWILIO_AUTH_TOKEN: z.string().min(8).optional(),
  /** Another API host (a local Twilio-speaking server); unset for api.twilio.com. */
  TWILIO_API_BASE_URL: z.string().url().optional(),
  DETECTOR_CARRIER_LOOKUP_TIMEOUT_MS: z.coerce.number().int().positive().default(5000),
};

export type DetectorConfig = ReturnType<typeof loadDetectorConfig>;

export function loadDetectorConfig(env = process.env) {
  return loadEnv(DETECTOR_ENV, env);
}
