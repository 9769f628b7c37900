import { createHmac } from 'node:crypto';

/** The keyed hash that stands for a caller of a tenant in audit records. */
export function callerPseudonym(key: string, tenantId: string, e164: string): string {
  return createHmac('sha256', key).update(`${tenantId}|${e164}`).digest('hex').slice(0, 32);
}
