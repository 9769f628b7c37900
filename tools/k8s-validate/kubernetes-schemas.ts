import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import ts from 'typescript';
import { isRecord, pointerSegment, type KubeObject } from './finding';

export interface SchemaProblem {
  /** JSON pointer inside the resource. */
  path: string;
  message: string;
}

interface ValidationErrorLike {
  errors?: Array<{ instancePath: string; message?: string; params?: unknown }>;
  message: string;
}

type ModelClass = new (data: KubeObject) => { validate(): void };

const PACKAGE_DIR = dirname(require.resolve('kubernetes-models/package.json'));

/**
 * Checks built-in Kubernetes resources with the `kubernetes-models` package.
 *
 * Its `validate()` checks types, enums and required fields, but it does NOT
 * reject unknown fields (its generated schemas have no
 * `additionalProperties: false`), so `readinesProbe` or `replica` would pass.
 * The package ships no JSON schema either, only compiled validators and
 * TypeScript declarations. `unknownFields` therefore walks the object along
 * the declared TypeScript interface (`IDeployment` and what it references),
 * resolved by the TypeScript compiler, and reports every key the interface
 * does not declare. String-keyed maps (labels, resource quantities) accept
 * any key; values typed as unions of objects or `any` are not descended into.
 */
export class KubernetesSchemas {
  private readonly checker: ts.TypeChecker;
  private readonly roots = new Map<string, ts.Type>();

  private constructor(kinds: string[]) {
    const program = buildProgram(kinds);
    this.checker = program.getTypeChecker();
    const file = program.getSourceFile(VIRTUAL_FILE);
    file?.statements.filter(ts.isTypeAliasDeclaration).forEach((alias, index) => {
      this.roots.set(kinds[index], this.checker.getTypeAtLocation(alias));
    });
  }

  /** Compiles the declarations of just these `apiVersion/Kind`s (about a second). */
  static forKinds(kinds: Iterable<string>): KubernetesSchemas {
    return new KubernetesSchemas([...new Set(kinds)].filter(KubernetesSchemas.knows).sort());
  }

  /** Whether `kubernetes-models` has a model for this `apiVersion/Kind`. */
  static knows(this: void, typeKey: string): boolean {
    return (
      /^[a-z0-9.]+(\/[a-z0-9]+)?\/[A-Z][A-Za-z0-9]*$/.test(typeKey) &&
      existsSync(join(PACKAGE_DIR, `${typeKey}.d.ts`))
    );
  }

  /** Type, enum and required-field errors from the model's own validator. */
  validate(object: KubeObject): SchemaProblem[] {
    const typeKey = typeKeyOf(object);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const module = require(`kubernetes-models/${typeKey}`) as Record<string, ModelClass>;
    const Model = module[String(object.kind)];
    try {
      new Model(object).validate();

      return [];
    } catch (error) {
      const errors = (error as ValidationErrorLike).errors ?? [];

      return errors.length > 0
        ? errors.map((e) => ({ path: e.instancePath, message: describeError(e) }))
        : [{ path: '', message: (error as Error).message }];
    }
  }

  /** Keys the Kubernetes API does not declare for this resource. */
  unknownFields(object: KubeObject): SchemaProblem[] {
    const root = this.roots.get(typeKeyOf(object));
    const problems: SchemaProblem[] = [];
    if (root) {
      this.walk(object, root, '', problems);
    }

    return problems;
  }

  private walk(value: unknown, type: ts.Type, pointer: string, out: SchemaProblem[]): void {
    if (Array.isArray(value)) {
      const element = this.checker.getNonNullableType(type).getNumberIndexType();
      value.forEach((item, i) => element && this.walk(item, element, `${pointer}/${i}`, out));

      return;
    }
    const objectType = isRecord(value) ? this.objectPart(type) : undefined;
    if (!objectType || !isRecord(value)) {
      return;
    }
    const index = objectType.getStringIndexType();
    for (const [key, child] of Object.entries(value)) {
      const property = objectType.getProperty(key);
      const at = `${pointer}/${pointerSegment(key)}`;
      if (property) {
        this.walk(child, this.checker.getTypeOfSymbol(property), at, out);
      } else if (index) {
        this.walk(child, index, at, out);
      } else {
        out.push({ path: at, message: `unknown field "${key}"` });
      }
    }
  }

  /** The one object type in `type` (minus undefined), or undefined when opaque. */
  private objectPart(type: ts.Type): ts.Type | undefined {
    const nonNull = this.checker.getNonNullableType(type);
    const members = nonNull.isUnion() ? nonNull.types : [nonNull];
    const objects = members.filter((member) => (member.flags & ts.TypeFlags.Object) !== 0);
    const only = objects.length === 1 ? objects[0] : undefined;
    const declaresSomething =
      only !== undefined &&
      (only.getProperties().length > 0 || only.getStringIndexType() !== undefined);

    return declaresSomething ? only : undefined;
  }
}

/** An ajv error's message, with the allowed values when it is about an enum. */
export function describeError(error: { message?: string; params?: unknown }): string {
  const allowed = (error.params as { allowedValues?: unknown[] } | undefined)?.allowedValues;
  const message = error.message ?? 'is invalid';

  return Array.isArray(allowed) ? `${message}: ${allowed.map(String).join(', ')}` : message;
}

/** `apps/v1/Deployment`, `v1/ConfigMap`. */
export function typeKeyOf(object: KubeObject): string {
  return `${String(object.apiVersion)}/${String(object.kind)}`;
}

const VIRTUAL_FILE = join(__dirname, '__kubernetes_model_types__.ts');

function buildProgram(kinds: string[]): ts.Program {
  const source = kinds
    .map((key, index) => {
      const kind = key.slice(key.lastIndexOf('/') + 1);
      const from = JSON.stringify(join(PACKAGE_DIR, key));

      return [
        `import type { I${kind} as M${index} } from ${from};`,
        `export type T${index} = M${index};`,
        '',
      ].join('\n');
    })
    .join('');
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
  };
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.getSourceFile = (name, language, ...rest) =>
    name === VIRTUAL_FILE
      ? ts.createSourceFile(name, source, language)
      : getSourceFile.call(host, name, language, ...rest);
  host.fileExists = (name) => name === VIRTUAL_FILE || fileExists.call(host, name);
  host.readFile = (name) => (name === VIRTUAL_FILE ? source : readFile.call(host, name));

  return ts.createProgram([VIRTUAL_FILE], options, host);
}
