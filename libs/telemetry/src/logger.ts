import { context, trace } from '@opentelemetry/api';
import pino, { type Logger } from 'pino';
import { maskPhonesInText } from '@rebound/phone';

export type { Logger } from 'pino';

/** Field names whose values are secrets: never printed, whatever they hold. */
const SECRET_KEYS = [
  'authorization',
  'auth_token',
  'authToken',
  'password',
  'secret',
  'signature',
  'api_key',
  'apiKey',
  'token',
  'x-twilio-signature',
];

function maskDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') {
    return maskPhonesInText(value);
  }
  if (depth > 6 || value === null || typeof value !== 'object') {
    return value;
  }
  if (value instanceof Error) {
    return { type: value.name, message: maskPhonesInText(value.message) };
  }
  if (Array.isArray(value)) {
    return value.map((item) => maskDeep(item, depth + 1));
  }
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = SECRET_KEYS.includes(key) ? '[redacted]' : maskDeep(item, depth + 1);
  }

  return out;
}

function activeTraceFields(): Record<string, string> {
  const span = trace.getSpan(context.active());
  if (!span) {
    return {};
  }
  const { traceId, spanId } = span.spanContext();

  return { trace_id: traceId, span_id: spanId };
}

/**
 * The JSON logger every service uses: one constant message plus fields,
 * trace ids in every line, phone numbers masked and secrets redacted in
 * every field and in the message itself.
 */
export function createLogger(service: string, level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    level,
    base: { service },
    messageKey: 'msg',
    timestamp: pino.stdTimeFunctions.isoTime,
    mixin: activeTraceFields,
    formatters: {
      level: (label) => ({ level: label }),
      log: (object) => maskDeep(object) as Record<string, unknown>,
    },
    hooks: {
      logMethod(args, method) {
        const masked = args.map((arg) => (typeof arg === 'string' ? maskPhonesInText(arg) : arg));
        method.apply(this, masked as Parameters<typeof method>);
      },
    },
  });
}
