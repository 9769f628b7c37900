import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { asRecord, isRecord, type KubeObject } from './finding';
import { describeError, typeKeyOf, type SchemaProblem } from './kubernetes-schemas';

export interface CrdProblem extends SchemaProblem {
  unknownField: boolean;
}

interface CrdValidators {
  full: ValidateFunction;
  /** The same schema without `required`, for strategic-merge patches. */
  partial: ValidateFunction;
}

/**
 * Custom resources (KEDA ScaledObject, Strimzi KafkaTopic, Prometheus
 * operator PrometheusRule) checked against the hand-written JSON schemas in
 * `crd-schemas/`. Every object in those schemas sets
 * `additionalProperties: false`, so a misspelt field is an error. A schema
 * file names its resource through `properties.apiVersion.const` and
 * `properties.kind.const`; adding a file is enough to cover a new kind.
 */
export class CrdSchemas {
  private readonly validators = new Map<string, CrdValidators>();

  constructor(schemaDir = findSchemaDir()) {
    // strictRequired is off: `oneOf: [{ required: [alert] }, { required: [record] }]` names
    // properties declared beside the combinator, which that check does not see.
    const ajv = new Ajv({
      allErrors: true,
      strict: true,
      strictTypes: false,
      strictRequired: false,
    });
    for (const name of readdirSync(schemaDir).filter((file) => file.endsWith('.schema.json'))) {
      const schema = JSON.parse(readFileSync(join(schemaDir, name), 'utf8')) as Record<
        string,
        unknown
      >;
      const properties = asRecord(schema.properties);
      const apiVersion = String(asRecord(properties.apiVersion).const);
      const key = `${apiVersion}/${String(asRecord(properties.kind).const)}`;
      this.validators.set(key, {
        full: ajv.compile(schema),
        partial: ajv.compile(withoutRequired(schema) as Record<string, unknown>),
      });
    }
  }

  knows(typeKey: string): boolean {
    return this.validators.has(typeKey);
  }

  /** Problems of a whole resource (`partial` for a patch, which may omit required fields). */
  validate(object: KubeObject, mode: 'full' | 'partial'): CrdProblem[] {
    const validator = this.validators.get(typeKeyOf(object))?.[mode];
    if (!validator || validator(object)) {
      return [];
    }

    return (validator.errors ?? []).filter(isReportable).map(toProblem);
  }
}

/**
 * `if`/`then` and `anyOf` wrap the real error in a summary one; the real
 * one is reported on its own.
 */
function isReportable(error: ErrorObject): boolean {
  return error.keyword !== 'if';
}

function toProblem(error: ErrorObject): CrdProblem {
  if (error.keyword === 'additionalProperties') {
    const field = String((error.params as { additionalProperty: string }).additionalProperty);

    return {
      path: `${error.instancePath}/${field}`,
      message: `unknown field "${field}"`,
      unknownField: true,
    };
  }

  return { path: error.instancePath, message: describeError(error), unknownField: false };
}

function withoutRequired(node: unknown): unknown {
  if (Array.isArray(node)) {
    return node.map(withoutRequired);
  }
  if (!isRecord(node)) {
    return node;
  }
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    const isRequiredList = key === 'required' && Array.isArray(value);
    const stripped = isRequiredList ? undefined : withoutRequired(value);
    // A `oneOf` of branches that only required fields would become `oneOf: [{}, {}]`,
    // which nothing satisfies; such a combinator is dropped with them.
    const emptied =
      Array.isArray(stripped) &&
      ['oneOf', 'anyOf'].includes(key) &&
      stripped.every((branch) => isRecord(branch) && Object.keys(branch).length === 0);
    if (stripped !== undefined && !emptied) {
      copy[key] = stripped;
    }
  }

  return copy;
}

/**
 * `crd-schemas/` beside this module; when running the compiled copy from
 * `dist/` (the build copies no JSON), the source folder of the repository.
 */
function findSchemaDir(): string {
  let dir = __dirname;
  for (;;) {
    for (const candidate of [
      join(dir, 'crd-schemas'),
      join(dir, 'tools', 'k8s-validate', 'crd-schemas'),
    ]) {
      if (existsSync(candidate)) {
        return candidate;
      }
    }
    if (dirname(dir) === dir) {
      throw new Error(`crd-schemas/ not found above ${__dirname}`);
    }
    dir = dirname(dir);
  }
}
