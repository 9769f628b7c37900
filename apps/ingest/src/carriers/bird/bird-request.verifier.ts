import { createHash, createHmac } from 'node:crypto';
import type { InboundWebhook, ResolvedCarrierAccount } from '../carrier-adapter';
import { rememberVerifiedAccount } from '../verified-account';
import { invalidSignature, requireFresh, safeEqual } from '../webhook-crypto';

export const BIRD_TOLERANCE_S = 300;

/**
 * Bird webhooks: `messagebird-signature` = base64 HMAC-SHA256 with the
 * signing key over `{messagebird-request-timestamp}\n{public URL}\n` followed
 * by the SHA-256 of the raw body as raw 32 bytes (not hex: that is what the
 * fixtures sign). The timestamp is Unix seconds, judged at arrival.
 * https://docs.bird.com/api/notifications-api/api-reference/webhooks/verifying-a-webhook
 */
export function verifyBirdRequest(
  request: InboundWebhook,
  accounts: ResolvedCarrierAccount[],
): void {
  const signature = request.headers['messagebird-signature'];
  const timestamp = request.headers['messagebird-request-timestamp'];
  if (!signature || !timestamp) {
    throw invalidSignature('messagebird-signature or messagebird-request-timestamp is missing');
  }
  if (!/^\d{1,12}$/.test(timestamp)) {
    throw invalidSignature('messagebird-request-timestamp is not a Unix timestamp');
  }
  requireFresh(
    Number(timestamp),
    request.receivedAt,
    BIRD_TOLERANCE_S,
    'messagebird-request-timestamp',
  );
  const signed = Buffer.concat([
    Buffer.from(`${timestamp}\n${request.publicUrl}\n`, 'utf8'),
    createHash('sha256').update(request.rawBody).digest(),
  ]);
  const matched = accounts.find((account) =>
    safeEqual(createHmac('sha256', account.secret).update(signed).digest('base64'), signature),
  );
  if (!matched) {
    throw invalidSignature('messagebird-signature does not match');
  }
  rememberVerifiedAccount(request, matched);
}
