import { WebhookRejection } from './carrier-adapter';

export type JsonObject = Record<string, unknown>;

/** Reads a JSON object body; anything else is a malformed request. */
export function parseJsonObject(raw: Buffer): JsonObject {
  let value: unknown;
  try {
    value = JSON.parse(raw.toString('utf8'));
  } catch {
    throw new WebhookRejection(400, 'malformed', 'body is not valid JSON');
  }
  if (!isObject(value)) {
    throw new WebhookRejection(400, 'malformed', 'body is not a JSON object');
  }

  return value;
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A field as a string: numbers and booleans as their text, anything else undefined. */
export function str(value: unknown): string | undefined {
  if (typeof value === 'string') {
    return value;
  }
  if (typeof value === 'number' || typeof value === 'boolean') {
    return String(value);
  }

  return undefined;
}

/** Required string field, or a 400 naming it. */
export function requireStr(object: JsonObject, name: string, where = 'body'): string {
  const value = str(object[name]);
  if (!value) {
    throw new WebhookRejection(400, 'malformed', `missing field: ${where}.${name}`);
  }

  return value;
}

/**
 * Unmodelled fields as strings for `attributes`: scalars as text, objects
 * and arrays as JSON, nulls and empty strings dropped.
 */
export function stringAttributes(
  object: JsonObject,
  modelled: ReadonlySet<string>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(object)) {
    if (modelled.has(name) || value === null || value === undefined || value === '') {
      continue;
    }
    out[name] = typeof value === 'object' ? JSON.stringify(value) : String(value);
  }

  return out;
}
