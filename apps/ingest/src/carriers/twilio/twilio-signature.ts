import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Twilio's request signature: base64 HMAC of the full URL Twilio called
 * followed by every POST parameter, sorted by name, as name + value. SHA-1
 * by default; SHA-256 when a Webhooks Rule says so in
 * `X-Twilio-Webhooks-Signature-Settings` (only the hash changes).
 * https://www.twilio.com/docs/usage/webhooks/webhooks-security
 */
export function twilioSignature(
  url: string,
  params: Array<[string, string]>,
  secret: string,
  algorithm: 'sha1' | 'sha256' = 'sha1',
): string {
  const sorted = [...params].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const payload = sorted.reduce((text, [name, value]) => text + name + value, url);

  return createHmac(algorithm, secret).update(Buffer.from(payload, 'utf8')).digest('base64');
}

export function signaturesMatch(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);

  return a.length === b.length && timingSafeEqual(a, b);
}

/** For JSON webhooks Twilio signs the URL (with `bodySHA256`) and we check the body's hash. */
export function bodySha256Hex(raw: Buffer): string {
  return createHash('sha256').update(raw).digest('hex');
}
