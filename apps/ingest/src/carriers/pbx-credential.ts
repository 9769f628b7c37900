import { createHash } from 'node:crypto';
import type { InboundWebhook, ResolvedCarrierAccount } from './carrier-adapter';
import {
  rememberVerifiedAccount,
  verifiedAccount,
  type AccountWithNumbers,
} from './verified-account';
import { invalidSignature, safeEqual } from './webhook-crypto';

/**
 * The header a customer's PBX (FreeSWITCH mod_json_cdr, a 3CX webhook
 * add-on) presents its tenant API key in. `Authorization: Bearer <key>` and
 * HTTP Basic (the password is the key; mod_json_cdr's `cred` setting) work
 * too. A PBX on the customer's network cannot sign, so this per-tenant
 * credential is what keeps strangers from making us text arbitrary numbers.
 */
export const PBX_API_KEY_HEADER = 'x-rebound-api-key';

/**
 * A tenant's PBX credential as a carrier account: `secret` is the SHA-256
 * hex of the key (tenant config `api_key_sha256`), and the tenant's numbers
 * let the adapter route the request to the tenant the key belongs to.
 */
export interface TenantKeyAccount extends AccountWithNumbers {
  tenant_numbers: string[];
}

export function presentedPbxKey(request: InboundWebhook): string | undefined {
  const header = request.headers[PBX_API_KEY_HEADER];
  if (header) {
    return header.trim();
  }
  const authorization = request.headers.authorization ?? '';
  const bearer = /^Bearer\s+(.+)$/i.exec(authorization);
  if (bearer) {
    return bearer[1].trim();
  }
  const basic = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(authorization);
  if (basic) {
    const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');

    return colon === -1 ? undefined : decoded.slice(colon + 1);
  }

  return undefined;
}

/** Checks the presented key against every tenant key hash; remembers whose it was. */
export function verifyPbxCredential(
  request: InboundWebhook,
  accounts: ResolvedCarrierAccount[],
): void {
  const key = presentedPbxKey(request);
  if (!key) {
    throw invalidSignature(`no PBX credential (${PBX_API_KEY_HEADER}, Bearer or Basic)`);
  }
  const hash = createHash('sha256').update(key, 'utf8').digest('hex');
  const match = accounts.find((account) => safeEqual(account.secret.toLowerCase(), hash));
  if (!match) {
    throw invalidSignature('the PBX credential matches no tenant');
  }
  rememberVerifiedAccount(request, match);
}

/**
 * Routing hints for a PBX request: the tenant whose key verified it wins,
 * whatever numbers the payload names, so one tenant's PBX cannot post
 * calls into another tenant. Without a verified key (a unit test calling
 * parse directly) the payload's numbers are the hints.
 */
export function pbxTenantHints(
  request: InboundWebhook,
  payloadHints: Array<string | null | undefined>,
): string[] {
  const tenant = verifiedAccount(request) as TenantKeyAccount | undefined;
  if (tenant?.tenant_numbers?.length) {
    return [tenant.tenant_numbers[0]];
  }

  return payloadHints.filter((hint): hint is string => Boolean(hint));
}
