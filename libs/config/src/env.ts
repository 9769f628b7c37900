import { z, type ZodRawShape } from 'zod';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Validates the environment against one schema per service at start. The
 * error lists every bad variable by name and what is wrong, never its value
 * (it may be a secret).
 */
export function loadEnv<S extends ZodRawShape>(
  shape: S,
  env = process.env,
): z.infer<z.ZodObject<S>> {
  const result = z.object(shape).safeParse(env);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`),
    );
  }

  return result.data;
}

/** Common variables every service reads. */
export const COMMON_ENV = {
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  DATABASE_URL: z.string().url().default('postgres://postgres@127.0.0.1:5432/rebound'),
  KAFKA_BROKERS: z.string().min(1).default('127.0.0.1:9092'),
  KAFKA_TOPIC_PREFIX: z
    .string()
    .regex(/^[a-zA-Z0-9._-]*$/)
    .default('rebound.'),
  REBOUND_TENANTS_FILE: z.string().min(1).default('config/tenants.yaml'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info'),
};

export const portVariable = (fallback: number) =>
  z.coerce.number().int().min(0).max(65535).default(fallback);
