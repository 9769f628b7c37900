import {
  WebhookRejection,
  type InboundWebhook,
  type ResolvedCarrierAccount,
} from '../carrier-adapter';
import { decodeFormStrict } from '../form-body';
import { bodySha256Hex, signaturesMatch, twilioSignature } from './twilio-signature';

/**
 * Verifies `X-Twilio-Signature` against the public URL Twilio called (never
 * the URL a TLS-terminating proxy handed us) with the auth token of the
 * account that sent it, or of any configured Twilio account when the body
 * names none.
 */
export function verifyTwilioRequest(
  request: InboundWebhook,
  accounts: ResolvedCarrierAccount[],
): void {
  const given = request.headers['x-twilio-signature'];
  if (!given) {
    throw new WebhookRejection(403, 'invalid_signature', 'X-Twilio-Signature header is missing');
  }
  const algorithm = /HMAC_SHA256/i.test(
    request.headers['x-twilio-webhooks-signature-settings'] ?? '',
  )
    ? 'sha256'
    : 'sha1';
  const params = signedParams(request);
  const accountSid = params.find(([name]) => name === 'AccountSid')?.[1];
  const candidates = accounts.filter(
    (account) => !account.account_id || account.account_id === accountSid,
  );

  const valid = candidates.some((account) =>
    signaturesMatch(twilioSignature(request.publicUrl, params, account.secret, algorithm), given),
  );
  if (!valid) {
    throw new WebhookRejection(403, 'invalid_signature', 'X-Twilio-Signature does not match');
  }
  if (request.contentType === 'application/json') {
    checkBodyHash(request);
  }
}

/** Form posts sign their parameters; JSON posts and GETs sign only the URL. */
function signedParams(request: InboundWebhook): Array<[string, string]> {
  if (request.method !== 'POST' || request.contentType !== 'application/x-www-form-urlencoded') {
    return [];
  }

  return decodeFormStrict(request.rawBody);
}

function checkBodyHash(request: InboundWebhook): void {
  const expected = request.query.bodySHA256;
  if (!expected || expected.toLowerCase() !== bodySha256Hex(request.rawBody)) {
    throw new WebhookRejection(403, 'invalid_signature', 'bodySHA256 does not match the body');
  }
}
