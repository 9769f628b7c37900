import { createPublicKey, verify as verifySignature } from 'node:crypto';
import type { InboundWebhook, ResolvedCarrierAccount } from '../carrier-adapter';
import { rememberVerifiedAccount } from '../verified-account';
import { invalidSignature } from '../webhook-crypto';

/**
 * sipgate.io pushes: `X-Sipgate-Signature` is base64 RSA-SHA256 over the raw
 * body, checked against sipgate's published public key (the fixture key in
 * tests). The source-address allow-list of sipgate's SDK reads
 * X-Forwarded-For, which anyone can forge, so it is not used.
 * https://github.com/sipgate-io/sipgateio-node/blob/master/lib/webhook/signatureVerifier.ts
 */
export function verifySipgateRequest(
  request: InboundWebhook,
  accounts: ResolvedCarrierAccount[],
): void {
  const signature = request.headers['x-sipgate-signature'];
  if (!signature) {
    throw invalidSignature('X-Sipgate-Signature is missing');
  }
  const given = Buffer.from(signature, 'base64');
  const matched = accounts.find((account) => {
    try {
      return verifySignature('sha256', request.rawBody, createPublicKey(account.secret), given);
    } catch {
      return false;
    }
  });
  if (!matched) {
    throw invalidSignature('X-Sipgate-Signature does not verify');
  }
  rememberVerifiedAccount(request, matched);
}
