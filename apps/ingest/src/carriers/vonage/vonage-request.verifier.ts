import type { InboundWebhook, ResolvedCarrierAccount } from '../carrier-adapter';
import { rememberVerifiedAccount } from '../verified-account';
import {
  invalidSignature,
  requireFresh,
  safeEqual,
  sha256Hex,
  verifyHs256Jwt,
} from '../webhook-crypto';

/** How far `iat` may lie from the time the request reached us. */
export const VONAGE_IAT_TOLERANCE_S = 300;

/**
 * Vonage signed callbacks: `Authorization: Bearer <JWT>`, HS256 with the
 * account's signature secret, claims `api_key`, `iat`, `jti` and
 * `payload_hash` (SHA-256 hex of the payload).
 *
 * What the hash covers, as the fixtures sign it: a POST's raw JSON body;
 * the answer GET's query parameters serialised as compact JSON in URL
 * order. Vonage describes the hash as over the re-serialised compact JSON
 * (https://api.support.vonage.com/hc/en-us/articles/19033783342876), so a
 * POST whose raw bytes are not compact is checked in that form too; it
 * carries the same values either way.
 */
export function verifyVonageRequest(
  request: InboundWebhook,
  accounts: ResolvedCarrierAccount[],
): void {
  const token = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
  if (!token) {
    throw invalidSignature('Authorization: Bearer JWT is missing');
  }
  const matched = accounts.find((account) => {
    try {
      verifyHs256Jwt(token, [account.secret], 'Vonage JWT');

      return true;
    } catch {
      return false;
    }
  });
  if (!matched) {
    throw invalidSignature('Vonage JWT signature does not match');
  }
  const claims = verifyHs256Jwt(token, [matched.secret], 'Vonage JWT');
  if (matched.account_id && claims.api_key !== matched.account_id) {
    throw invalidSignature('Vonage JWT api_key is not the account that signed it');
  }
  requireFresh(Number(claims.iat), request.receivedAt, VONAGE_IAT_TOLERANCE_S, 'Vonage JWT iat');
  if (
    typeof claims.payload_hash !== 'string' ||
    !payloadHashes(request).some((hash) => safeEqual(hash, claims.payload_hash as string))
  ) {
    throw invalidSignature('Vonage payload_hash does not match the payload');
  }
  rememberVerifiedAccount(request, matched);
}

function payloadHashes(request: InboundWebhook): string[] {
  if (request.method === 'GET') {
    const params = new URL(request.publicUrl).searchParams;

    return [sha256Hex(JSON.stringify(Object.fromEntries(params)))];
  }
  const hashes = [sha256Hex(request.rawBody)];
  try {
    hashes.push(sha256Hex(JSON.stringify(JSON.parse(request.rawBody.toString('utf8')))));
  } catch {
    // not JSON: only the raw bytes can match
  }

  return hashes;
}
