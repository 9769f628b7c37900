import { createHash } from 'node:crypto';

/**
 * An event id from what makes a carrier event unique, for carriers that send
 * no delivery id of their own. Never the call id alone: one call sends many
 * events.
 */
export function derivedEventId(
  carrier: string,
  ...parts: Array<string | number | undefined>
): string {
  const material = [carrier, ...parts.map((part) => (part === undefined ? '' : String(part)))].join(
    '|',
  );

  return `${carrier}:${createHash('sha256').update(material).digest('hex').slice(0, 32)}`;
}

/** Reads a carrier timestamp, falling back to the time we received the request. */
export function instantOr(value: string | undefined, fallback: Date): string {
  if (value) {
    const parsed = new Date(value);
    if (!Number.isNaN(parsed.getTime())) {
      return parsed.toISOString();
    }
  }

  return fallback.toISOString();
}

export function optionalInt(value: string | undefined): number | undefined {
  if (value === undefined || value === '') {
    return undefined;
  }
  const parsed = Number(value);

  return Number.isInteger(parsed) && parsed >= 0 ? parsed : undefined;
}
