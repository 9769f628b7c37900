import type { ZodTypeAny } from 'zod';

export type JsonSchema = Record<string, unknown>;

interface Check {
  kind: string;
  value?: unknown;
  regex?: RegExp;
  offset?: boolean;
  inclusive?: boolean;
}

/**
 * A JSON Schema (draft 2020-12, as OpenAPI 3.1 and AsyncAPI use it) for the
 * zod types our contracts use: objects, strings with length, pattern and
 * datetime checks, numbers, booleans, enums, literals, arrays, records,
 * unions, optional, nullable and defaulted values. Descriptions are not in
 * zod schemas; the documents add them.
 */
export function toJsonSchema(schema: ZodTypeAny): JsonSchema {
  const def = schema._def as Record<string, unknown> & { typeName: string };
  switch (def.typeName) {
    case 'ZodObject':
      return objectSchema(schema);
    case 'ZodString':
      return stringSchema((def.checks as Check[]) ?? []);
    case 'ZodNumber':
      return numberSchema((def.checks as Check[]) ?? []);
    case 'ZodBoolean':
      return { type: 'boolean' };
    case 'ZodEnum':
      return { type: 'string', enum: def.values };
    case 'ZodLiteral':
      return { const: def.value };
    case 'ZodArray':
      return arraySchema(def);
    case 'ZodRecord':
      return { type: 'object', additionalProperties: toJsonSchema(def.valueType as ZodTypeAny) };
    case 'ZodUnion':
    case 'ZodDiscriminatedUnion':
      return { oneOf: [...(def.options as ZodTypeAny[])].map(toJsonSchema) };
    case 'ZodNullable':
      return { anyOf: [toJsonSchema(def.innerType as ZodTypeAny), { type: 'null' }] };
    case 'ZodOptional':
      return toJsonSchema(def.innerType as ZodTypeAny);
    case 'ZodDefault':
      return {
        ...toJsonSchema(def.innerType as ZodTypeAny),
        default: (def.defaultValue as () => unknown)(),
      };
    case 'ZodEffects':
      return toJsonSchema(def.schema as ZodTypeAny);
    default:
      return {};
  }
}

function objectSchema(schema: ZodTypeAny): JsonSchema {
  const def = schema._def as { shape: () => Record<string, ZodTypeAny>; unknownKeys: string };
  const shape = def.shape();
  const required = Object.entries(shape)
    .filter(([, field]) => !field.isOptional())
    .map(([name]) => name);

  return {
    type: 'object',
    properties: Object.fromEntries(
      Object.entries(shape).map(([name, field]) => [name, toJsonSchema(field)]),
    ),
    ...(required.length > 0 ? { required } : {}),
    ...(def.unknownKeys === 'strict' ? { additionalProperties: false } : {}),
  };
}

const STRING_CHECKS: Record<string, (check: Check) => JsonSchema> = {
  min: (check) => ({ minLength: check.value }),
  max: (check) => ({ maxLength: check.value }),
  length: (check) => ({ minLength: check.value, maxLength: check.value }),
  regex: (check) => ({ pattern: check.regex?.source }),
  datetime: () => ({ format: 'date-time' }),
  url: () => ({ format: 'uri' }),
  uuid: () => ({ format: 'uuid' }),
};

const NUMBER_CHECKS: Record<string, (check: Check) => JsonSchema> = {
  int: () => ({ type: 'integer' }),
  min: (check) =>
    check.inclusive === false ? { exclusiveMinimum: check.value } : { minimum: check.value },
  max: (check) =>
    check.inclusive === false ? { exclusiveMaximum: check.value } : { maximum: check.value },
};

function stringSchema(checks: Check[]): JsonSchema {
  return Object.assign(
    { type: 'string' },
    ...checks.map((check) => STRING_CHECKS[check.kind]?.(check)),
  );
}

function numberSchema(checks: Check[]): JsonSchema {
  return Object.assign(
    { type: 'number' },
    ...checks.map((check) => NUMBER_CHECKS[check.kind]?.(check)),
  );
}

function arraySchema(def: Record<string, unknown>): JsonSchema {
  const min = def.minLength as { value: number } | null;
  const max = def.maxLength as { value: number } | null;

  return {
    type: 'array',
    items: toJsonSchema(def.type as ZodTypeAny),
    ...(min ? { minItems: min.value } : {}),
    ...(max ? { maxItems: max.value } : {}),
  };
}
