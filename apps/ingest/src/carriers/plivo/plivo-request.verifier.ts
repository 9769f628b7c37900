import { createHmac } from 'node:crypto';
import type { InboundWebhook, ResolvedCarrierAccount } from '../carrier-adapter';
import { decodeFormStrict } from '../form-body';
import { rememberVerifiedAccount } from '../verified-account';
import { invalidSignature, safeEqual } from '../webhook-crypto';

/**
 * Plivo's V3 signature: base64 HMAC-SHA256 with the auth token over the
 * public URL, `?`, the sorted parameters as name+value, `.`, and the nonce
 * from `X-Plivo-Signature-V3-Nonce`. The header may carry several
 * comma-separated signatures (key rotation); one match is enough.
 * https://github.com/plivo/plivo-node/blob/master/lib/utils/v3Security.js
 */
export function verifyPlivoRequest(
  request: InboundWebhook,
  accounts: ResolvedCarrierAccount[],
): void {
  const header = request.headers['x-plivo-signature-v3'];
  const nonce = request.headers['x-plivo-signature-v3-nonce'];
  if (!header || !nonce) {
    throw invalidSignature('X-Plivo-Signature-V3 or its nonce is missing');
  }
  const given = header
    .split(',')
    .map((value) => value.trim())
    .filter(Boolean);
  const base = signedBase(request);
  const matched = accounts.find((account) => {
    const expected = createHmac('sha256', account.secret)
      .update(`${base}.${nonce}`, 'utf8')
      .digest('base64');

    return given.some((signature) => safeEqual(expected, signature));
  });
  if (!matched) {
    throw invalidSignature('X-Plivo-Signature-V3 does not match');
  }
  rememberVerifiedAccount(request, matched);
}

/** URL without query + `?` + the URL's sorted query (`a=b&…`), then for a POST `.` + sorted form as name+value. */
function signedBase(request: InboundWebhook): string {
  const url = new URL(request.publicUrl);
  const query = sorted([...url.searchParams])
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
  const base = `${url.origin}${url.pathname}`;
  if (request.method === 'GET') {
    return query ? `${base}?${query}` : base;
  }
  const form = sorted(decodeFormStrict(request.rawBody))
    .map(([name, value]) => name + value)
    .join('');

  return `${base}?${query ? `${query}.` : ''}${form}`;
}

function sorted(pairs: Array<[string, string]>): Array<[string, string]> {
  return [...pairs].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
