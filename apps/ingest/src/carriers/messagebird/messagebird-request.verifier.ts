import type { InboundWebhook, ResolvedCarrierAccount } from '../carrier-adapter';
import { rememberVerifiedAccount } from '../verified-account';
import { invalidSignature, safeEqual, sha256Hex, verifyHs256Jwt } from '../webhook-crypto';

/** Leeway for clock skew around `nbf` and `exp`. */
export const MESSAGEBIRD_CLOCK_TOLERANCE_S = 5;

/**
 * MessageBird's `MessageBird-Signature-JWT`: HS256 with the signing key,
 * `iss` MessageBird, a validity window `nbf`..`exp` (judged at the time the
 * request reached us), `url_hash` = SHA-256 hex of the full public URL with
 * its query, and `payload_hash` when the body is not empty.
 * https://github.com/messagebird/messagebird-nodejs/blob/master/lib/webhook-signature-jwt.js
 */
export function verifyMessageBirdRequest(
  request: InboundWebhook,
  accounts: ResolvedCarrierAccount[],
): void {
  const token = request.headers['messagebird-signature-jwt'];
  if (!token) {
    throw invalidSignature('MessageBird-Signature-JWT is missing');
  }
  const matched = accounts.find((account) => {
    try {
      verifyHs256Jwt(token, [account.secret], 'MessageBird JWT');

      return true;
    } catch {
      return false;
    }
  });
  if (!matched) {
    throw invalidSignature('MessageBird-Signature-JWT does not verify');
  }
  const claims = verifyHs256Jwt(token, [matched.secret], 'MessageBird JWT');
  if (claims.iss !== 'MessageBird') {
    throw invalidSignature('MessageBird JWT has the wrong issuer');
  }
  checkValidity(claims, request.receivedAt);
  if (
    typeof claims.url_hash !== 'string' ||
    !safeEqual(sha256Hex(request.publicUrl), claims.url_hash)
  ) {
    throw invalidSignature('MessageBird url_hash does not match the public URL');
  }
  checkPayload(claims, request.rawBody);
  rememberVerifiedAccount(request, matched);
}

function checkValidity(claims: Record<string, unknown>, receivedAt: Date): void {
  const now = receivedAt.getTime() / 1000;
  const nbf = Number(claims.nbf);
  const exp = Number(claims.exp);
  if (!Number.isFinite(nbf) || !Number.isFinite(exp)) {
    throw invalidSignature('MessageBird JWT has no validity window');
  }
  if (now + MESSAGEBIRD_CLOCK_TOLERANCE_S < nbf || now - MESSAGEBIRD_CLOCK_TOLERANCE_S >= exp) {
    throw invalidSignature('MessageBird JWT is outside its validity window');
  }
}

function checkPayload(claims: Record<string, unknown>, body: Buffer): void {
  if (claims.payload_hash === undefined) {
    if (body.length > 0) {
      throw invalidSignature('MessageBird JWT signs no payload but the request has one');
    }

    return;
  }
  if (typeof claims.payload_hash !== 'string' || !safeEqual(sha256Hex(body), claims.payload_hash)) {
    throw invalidSignature('MessageBird payload_hash does not match the body');
  }
}
