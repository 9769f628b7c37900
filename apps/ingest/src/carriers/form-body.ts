import { WebhookRejection } from './carrier-adapter';

/**
 * Decodes an `application/x-www-form-urlencoded` body strictly. Node's
 * URLSearchParams quietly keeps broken percent-escapes; a carrier never
 * sends those, so they mean a malformed or forged request.
 */
export function decodeFormStrict(raw: Buffer | string): Array<[string, string]> {
  const text = Buffer.isBuffer(raw) ? raw.toString('utf8') : raw;
  if (text.length === 0) {
    return [];
  }

  return text.split('&').map((pair) => {
    const equals = pair.indexOf('=');
    const name = equals === -1 ? pair : pair.slice(0, equals);
    const value = equals === -1 ? '' : pair.slice(equals + 1);

    return [decodeComponent(name), decodeComponent(value)];
  });
}

function decodeComponent(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    throw new WebhookRejection(400, 'malformed', 'form body has an invalid percent-encoding');
  }
}

/** Last value wins, as in every carrier SDK's reading of a form. */
export function formToRecord(pairs: Array<[string, string]>): Record<string, string> {
  return Object.fromEntries(pairs);
}
