import type { TenantDirectory } from '@rebound/config';
import type { ResolvedCarrierAccount } from './carrier-adapter';
import type { TenantKeyAccount } from './pbx-credential';
import type { AccountWithNumbers } from './verified-account';

/** PBXs on the customer's network authenticate with the tenant's API key, not a carrier secret. */
export const TENANT_KEY_CARRIERS: ReadonlySet<string> = new Set(['freeswitch', '3cx']);

/** `(carrier) => accounts`, plus the variables the tenants file names that are unset. */
export interface CarrierSecrets {
  (carrier: string): ResolvedCarrierAccount[];
  forCarrier: (carrier: string) => ResolvedCarrierAccount[];
  /** Variables named in the tenants file but unset: those accounts cannot verify. */
  missing: string[];
}

/**
 * Resolves each carrier account's secret from the environment variable the
 * tenants file names. PEM keys may come with literal `\n` escapes (one-line
 * env files); they are turned back into newlines. Accounts whose variable
 * is unset are skipped and their variable names listed in `missing`.
 *
 * FreeSWITCH and 3CX have no carrier secret: each tenant's `api_key_sha256`
 * becomes an account of theirs (the secret is the hash), carrying the
 * tenant's numbers so the adapter routes to the tenant whose key matched.
 *
 * Every account also carries the tracking numbers it serves (its tenant's,
 * or every tenant's when the account is shared): Telnyx names a leg's
 * direction only on its first event, so the adapter tells the caller's leg
 * from the desk phone's by whether it was placed to a tracking number.
 */
export function resolveCarrierAccounts(
  directory: TenantDirectory,
  env: NodeJS.ProcessEnv,
): CarrierSecrets {
  const resolved: AccountWithNumbers[] = [];
  const missing: string[] = [];
  for (const account of directory.file.carrier_accounts) {
    const value = env[account.secret_env];
    if (!value) {
      missing.push(account.secret_env);
      continue;
    }
    resolved.push({
      ...account,
      secret: unescapePem(value),
      tenant_numbers: numbersServed(directory, account.tenant_id),
    });
  }
  const forCarrier = (carrier: string): ResolvedCarrierAccount[] =>
    TENANT_KEY_CARRIERS.has(carrier)
      ? tenantKeyAccounts(directory, carrier)
      : resolved.filter((account) => account.carrier === carrier);

  return Object.assign((carrier: string) => forCarrier(carrier), { forCarrier, missing });
}

/** Only PEM blocks are unescaped: an HMAC secret may legitimately contain a backslash. */
function unescapePem(value: string): string {
  return value.includes('-----BEGIN ') ? value.replace(/\\n/g, '\n') : value;
}

function numbersServed(directory: TenantDirectory, tenantId: string | undefined): string[] {
  const tenant = tenantId ? directory.get(tenantId) : undefined;

  return tenant ? tenant.numbers : directory.all().flatMap((item) => item.numbers);
}

function tenantKeyAccounts(directory: TenantDirectory, carrier: string): TenantKeyAccount[] {
  return directory.all().flatMap((tenant) =>
    tenant.api_key_sha256.map((hash) => ({
      carrier,
      account_id: `tenant:${tenant.id}`,
      tenant_id: tenant.id,
      secret_env: `tenants.${tenant.id}.api_key_sha256`,
      secret: hash,
      tenant_numbers: tenant.numbers,
    })),
  );
}
