import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { WebhookRejection } from './carrier-adapter';

/** Constant-time comparison of two strings (different lengths never match). */
export function safeEqual(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);

  return a.length === b.length && timingSafeEqual(a, b);
}

export function sha256Hex(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

export function invalidSignature(detail: string): WebhookRejection {
  return new WebhookRejection(403, 'invalid_signature', detail);
}

/**
 * Rejects a signed timestamp (Unix seconds) outside `toleranceS` of the
 * time the request reached us, so a captured request cannot be replayed
 * later. Judged at `receivedAt`, which a replay sets to the fixture clock.
 */
export function requireFresh(
  unixSeconds: number,
  receivedAt: Date,
  toleranceS: number,
  what: string,
): void {
  if (!Number.isFinite(unixSeconds)) {
    throw invalidSignature(`${what} is not a Unix timestamp`);
  }
  const skew = Math.abs(receivedAt.getTime() / 1000 - unixSeconds);
  if (skew > toleranceS) {
    throw invalidSignature(`${what} is outside the ${toleranceS} s window`);
  }
}

export type JwtClaims = Record<string, unknown>;

/**
 * Verifies a compact HS256 JWT against any of the secrets and returns its
 * claims. Only HS256 is accepted: `alg: none` or an RSA header never
 * downgrades the check.
 */
export function verifyHs256Jwt(token: string, secrets: string[], what: string): JwtClaims {
  const parts = token.split('.');
  if (parts.length !== 3) {
    throw invalidSignature(`${what} is not a JWT`);
  }
  const [header, payload, signature] = parts;
  const head = decodeJsonSegment(header, what);
  if (head.alg !== 'HS256') {
    throw invalidSignature(`${what} is not signed with HS256`);
  }
  const valid = secrets.some((secret) =>
    safeEqual(
      createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url'),
      signature,
    ),
  );
  if (!valid) {
    throw invalidSignature(`${what} signature does not match`);
  }

  return decodeJsonSegment(payload, what);
}

function decodeJsonSegment(segment: string, what: string): JwtClaims {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      return value as JwtClaims;
    }
  } catch {
    // fall through to the rejection below
  }
  throw invalidSignature(`${what} has an unreadable segment`);
}
