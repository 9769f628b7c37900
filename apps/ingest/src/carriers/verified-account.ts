import type { InboundWebhook, ResolvedCarrierAccount } from './carrier-adapter';

/** An account with the tracking numbers of the tenant(s) it serves (see the secret resolver). */
export interface AccountWithNumbers extends ResolvedCarrierAccount {
  tenant_numbers?: string[];
}

/**
 * Which account verified a request, from `verify` to `parse` of the same
 * request object (the intake calls both with one object). Carriers whose
 * payload names neither the tenant's number nor the account (MessageBird's
 * delivery reports, a PBX) route by the account whose secret matched.
 */
const verifiedBy = new WeakMap<InboundWebhook, ResolvedCarrierAccount>();

export function rememberVerifiedAccount(
  request: InboundWebhook,
  account: ResolvedCarrierAccount,
): void {
  verifiedBy.set(request, account);
}

export function verifiedAccount(request: InboundWebhook): ResolvedCarrierAccount | undefined {
  return verifiedBy.get(request);
}

/** `account:<id>` of the account that verified the request, when it has an id. */
export function verifiedAccountHints(request: InboundWebhook): string[] {
  const account = verifiedBy.get(request);

  return account?.account_id ? [`account:${account.account_id}`] : [];
}

/** Drops empty hints and duplicates, keeping the order. */
export function hints(...values: Array<string | null | undefined | string[]>): string[] {
  const flat = values.flat().filter((value): value is string => Boolean(value));

  return [...new Set(flat)];
}

/** The tracking numbers the verifying account serves; empty when unknown. */
export function servedNumbers(request: InboundWebhook): ReadonlySet<string> {
  const account = verifiedBy.get(request) as AccountWithNumbers | undefined;

  return new Set(account?.tenant_numbers ?? []);
}
