import { createPublicKey, verify as verifySignature, type KeyObject } from 'node:crypto';
import type { InboundWebhook, ResolvedCarrierAccount } from '../carrier-adapter';
import { rememberVerifiedAccount } from '../verified-account';
import { invalidSignature, requireFresh } from '../webhook-crypto';

/** Telnyx SDKs' default tolerance for `telnyx-timestamp`. */
export const TELNYX_TOLERANCE_S = 300;

/** DER prefix of an Ed25519 SubjectPublicKeyInfo; the raw 32-byte key follows. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/**
 * Telnyx webhooks: Ed25519 over `{telnyx-timestamp}|{raw body}`, the
 * signature base64 in `telnyx-signature-ed25519`, verified with the
 * account's public key (base64 of the raw 32 bytes, or a PEM). The raw
 * bytes matter: re-serialised JSON does not verify (telnyx-node #81).
 * https://developers.telnyx.com/docs/voice/programmable-voice/receiving-webhooks
 */
export function verifyTelnyxRequest(
  request: InboundWebhook,
  accounts: ResolvedCarrierAccount[],
): void {
  const signature = request.headers['telnyx-signature-ed25519'];
  const timestamp = request.headers['telnyx-timestamp'];
  if (!signature || !timestamp) {
    throw invalidSignature('telnyx-signature-ed25519 or telnyx-timestamp is missing');
  }
  if (!/^\d{1,12}$/.test(timestamp)) {
    throw invalidSignature('telnyx-timestamp is not a Unix timestamp');
  }
  requireFresh(Number(timestamp), request.receivedAt, TELNYX_TOLERANCE_S, 'telnyx-timestamp');
  const signed = Buffer.concat([Buffer.from(`${timestamp}|`, 'utf8'), request.rawBody]);
  const given = Buffer.from(signature, 'base64');
  const matched = accounts.find((account) => {
    const key = publicKey(account.secret);

    return key !== undefined && given.length === 64 && verifySignature(null, signed, key, given);
  });
  if (!matched) {
    throw invalidSignature('telnyx-signature-ed25519 does not verify');
  }
  rememberVerifiedAccount(request, matched);
}

function publicKey(secret: string): KeyObject | undefined {
  try {
    if (secret.includes('-----BEGIN')) {
      return createPublicKey(secret);
    }
    const raw = Buffer.from(secret.trim(), 'base64');

    return raw.length === 32
      ? createPublicKey({
          key: Buffer.concat([ED25519_SPKI_PREFIX, raw]),
          format: 'der',
          type: 'spki',
        })
      : undefined;
  } catch {
    return undefined;
  }
}
