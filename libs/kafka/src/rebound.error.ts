/**
 * The one error type handlers throw on purpose. `retriable` tells the
 * consumer's retry policy what to do; it never reads the message text.
 */
export class ReboundError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly retriable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ReboundError';
  }
}

const TRANSIENT_NODE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
]);

/**
 * PostgreSQL error classes that say "the database, not the data": 08
 * connection, 53 resources, 57 operator intervention, 40 serialisation, 3D
 * no such database, 3F no such schema.
 */
const TRANSIENT_PG_CLASSES = ['08', '53', '57', '40', '3D', '3F'];

/**
 * A missing table or column is a deployment that has not migrated yet, not
 * a bad record: the record waits for the migration instead of being
 * dead-lettered (42P01 undefined_table, 42703 undefined_column).
 */
const DEPLOYMENT_PG_CODES = new Set(['42P01', '42703']);

/**
 * True when an error says the infrastructure is unwell (database or broker
 * unreachable, a serialisation conflict) rather than that the message is
 * bad. Such errors are retried until they clear; they never dead-letter a
 * message.
 */
export function isTransientInfrastructureError(error: unknown): boolean {
  if (error instanceof ReboundError) {
    return error.retriable;
  }
  if (!(error instanceof Error)) {
    return false;
  }
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (TRANSIENT_NODE_CODES.has(code)) {
      return true;
    }
    if (DEPLOYMENT_PG_CODES.has(code)) {
      return true;
    }
    if (/^[0-9A-Z]{5}$/.test(code) && TRANSIENT_PG_CLASSES.includes(code.slice(0, 2))) {
      return true;
    }
  }
  if ((error as { retriable?: unknown }).retriable === true) {
    return true;
  }
  const message = error.message.toLowerCase();

  return (
    message.includes('connection terminated') ||
    message.includes('connection refused') ||
    message.includes('timeout exceeded when trying to connect') ||
    message.includes('cannot use a pool after calling end')
  );
}

export function errorCode(error: unknown): string {
  if (error instanceof ReboundError) {
    return error.code;
  }
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;

    return typeof code === 'string' ? code : error.name;
  }

  return 'UNKNOWN';
}
