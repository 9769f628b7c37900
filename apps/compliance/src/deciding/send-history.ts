import type { EntityManager } from 'typeorm';
import type { Tenant } from '@rebound/config';
import { limitsFor } from '../rules/rate-limit.rules';

export interface RecentSend {
  caller_hash: string;
  at: Date;
}

/**
 * The tenant's texts approved within its longest rate window, for the rate
 * limits. Call it inside the transaction that holds the tenant's advisory
 * lock ({@link lockTenantSends}), so two replicas never both take the last slot.
 */
export async function recentSends(
  tx: EntityManager,
  tenant: Tenant,
  now: Date,
): Promise<RecentSend[]> {
  const limits = limitsFor(tenant);
  const longest = Math.max(
    0,
    ...[...limits.perCaller, ...limits.perTenant].map((limit) => limit.windowSeconds),
  );
  const since = new Date(now.getTime() - longest * 1000);

  return (await tx.query(
    `select caller_hash, decided_at as at from decision
     where tenant_id = $1 and outcome = 'send' and decided_at > $2`,
    [tenant.id, since],
  )) as RecentSend[];
}

/** Serialises the tenant's send decisions across replicas for the rest of the transaction. */
export async function lockTenantSends(tx: EntityManager, tenantId: string): Promise<void> {
  await tx.query('select pg_advisory_xact_lock(hashtext($1))', [`compliance:${tenantId}`]);
}
