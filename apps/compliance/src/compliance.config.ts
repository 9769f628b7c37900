import { z } from 'zod';
import { COMMON_ENV, loadEnv, portVariable } from '@rebound/config';

export const COMPLIANCE_ENV = {
  ...COMMON_ENV,
  COMPLIANCE_PORT: portVariable(3002),
  /** Key of the keyed hash that stands for a caller wherever the number itself is not needed. */
  REBOUND_PSEUDONYM_KEY: z.string().min(16, 'at least 16 characters'),
  /** How often texts deferred to the opening are looked at. */
  COMPLIANCE_DEFER_SWEEP_MS: z.coerce.number().int().positive().default(1_000),
  /** How often rows past a tenant's retention are pseudonymised or deleted. */
  COMPLIANCE_RETENTION_SWEEP_MS: z.coerce.number().int().positive().default(3_600_000),
};

export type ComplianceConfig = ReturnType<typeof loadComplianceConfig>;

export function loadComplianceConfig(env = process.env) {
  return loadEnv(COMPLIANCE_ENV, env);
}
