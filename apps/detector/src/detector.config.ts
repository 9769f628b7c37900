import { z } from 'zod';
import { COMMON_ENV, loadEnv, portVariable } from '@rebound/config';

export const DETECTOR_ENV = {
  ...COMMON_ENV,
  DETECTOR_PORT: portVariable(3001),
  /** Quiet time after a call's latest event before it is judged: late stragglers still count. */
  DETECTOR_SETTLE_SECONDS: z.coerce.number().min(0).max(60).default(1.5),
  /** With no final event for this long, the call is published as undecided: never a guessed text. */
  DETECTOR_SILENCE_SECONDS: z.coerce.number().positive().default(600),
  DETECTOR_SWEEP_INTERVAL_MS: z.coerce.number().int().min(50).default(250),
};

export type DetectorConfig = ReturnType<typeof loadDetectorConfig>;

export function loadDetectorConfig(env = process.env) {
  return loadEnv(DETECTOR_ENV, env);
}
