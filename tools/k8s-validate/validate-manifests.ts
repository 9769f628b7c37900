import { readdirSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { CrdSchemas } from './crd-schemas';
import { formatFinding, resourceId, type Finding, type KubeObject } from './finding';
import { houseRuleProblems } from './house-rules';
import { findKustomizationFile, renderKustomization, type Render } from './kustomize-render';
import { KubernetesSchemas, typeKeyOf } from './kubernetes-schemas';
import { topicProblems } from './topic-rules';
import type { SourceDoc } from './yaml-source';

export type { Finding } from './finding';

interface Schemas {
  models: KubernetesSchemas;
  crds: CrdSchemas;
}

/**
 * Validates a manifest tree offline (no cluster, no Go tools): every
 * directory with a kustomization.yaml is rendered (kustomize-render.ts says
 * which kustomize features are supported), then
 *
 * 1. every resource and patch file, as written, is checked for unknown
 *    fields (and, for custom resources, types) so a finding names the file
 *    that has the typo;
 * 2. every rendered resource is checked against its full schema (types,
 *    enums, required fields), the house rules and the topic contract;
 * 3. YAML files that no kustomization lists are reported.
 *
 * Findings are sorted by file and path; the same problem seen in several
 * renders is reported once.
 */
export async function validateManifestTree(dir: string): Promise<Finding[]> {
  const root = resolve(dir);
  const renders = kustomizationDirs(root).map((kustomization) =>
    renderKustomization(root, kustomization),
  );
  const schemas = {
    models: KubernetesSchemas.forKinds(allTypeKeys(renders)),
    crds: new CrdSchemas(),
  };
  const findings = [
    ...renders.flatMap((render) => render.findings),
    ...renders
      .flatMap((render) => [...render.sources, ...render.patchSources])
      .flatMap((doc) => sourceFindings(doc, schemas)),
    ...renders.flatMap((render) => renderFindings(render, schemas)),
    ...unlistedFiles(root, renders),
  ];

  return sortFindings(dedupe(findings));
}

function kustomizationDirs(dir: string): string[] {
  const children = readdirSync(dir, { withFileTypes: true })
    .filter(
      (entry) =>
        entry.isDirectory() && !entry.name.startsWith('.') && entry.name !== 'node_modules',
    )
    .flatMap((entry) => kustomizationDirs(join(dir, entry.name)));

  return findKustomizationFile(dir) ? [dir, ...children] : children;
}

function allTypeKeys(renders: Render[]): string[] {
  return renders.flatMap((render) => [
    ...render.sources.map((doc) => typeKeyOf(doc.object)),
    ...render.patchSources.map((doc) => typeKeyOf(doc.object)),
  ]);
}

/** Unknown fields in a file as written (a patch may leave out required fields). */
function sourceFindings({ file, object }: SourceDoc, { models, crds }: Schemas): Finding[] {
  const resource = resourceId(object);
  const typeKey = typeKeyOf(object);
  const finding = (path: string, message: string, rule: Finding['rule']): Finding => ({
    file,
    resource,
    path,
    rule,
    message,
  });
  if (typeof object.apiVersion !== 'string' || typeof object.kind !== 'string') {
    return [finding('', 'has no apiVersion or kind', 'schema')];
  }
  if (crds.knows(typeKey)) {
    return crds
      .validate(object, 'partial')
      .map((p) => finding(p.path, p.message, p.unknownField ? 'unknown-field' : 'schema'));
  }
  if (KubernetesSchemas.knows(typeKey)) {
    return models.unknownFields(object).map((p) => finding(p.path, p.message, 'unknown-field'));
  }

  return [finding('', `no schema for ${typeKey}; add one to crd-schemas/ to deploy it`, 'schema')];
}

/** Full schema, house rules and topic contract on what the render would deploy. */
function renderFindings(render: Render, { models, crds }: Schemas): Finding[] {
  const findings = render.resources.flatMap(({ object, origin, patches }) => {
    const where = renderedBy(render, patches);
    const finding = (path: string, message: string, rule: Finding['rule']): Finding => ({
      file: origin,
      resource: resourceId(object),
      path,
      rule,
      message,
      render: where,
    });

    return [
      ...fullSchemaProblems(object, { models, crds }).map((p) =>
        finding(p.path, p.message, 'schema'),
      ),
      ...houseRuleProblems(object).map((p) => finding(p.path, p.message, 'house-rule')),
    ];
  });

  return [...findings, ...topicFindings(render)];
}

function fullSchemaProblems(object: KubeObject, { models, crds }: Schemas) {
  const typeKey = typeKeyOf(object);
  if (crds.knows(typeKey)) {
    // Unknown fields were reported against the file that has them.
    return crds.validate(object, 'full').filter((problem) => !problem.unknownField);
  }

  return KubernetesSchemas.knows(typeKey) ? models.validate(object) : [];
}

function topicFindings(render: Render): Finding[] {
  const byObject = new Map(render.resources.map((resource) => [resource.object, resource]));
  const kustomization = render.files[0] ?? render.name;

  return topicProblems(render.resources.map((resource) => resource.object)).map((problem) => {
    const resource = problem.object && byObject.get(problem.object);

    return {
      file: resource?.origin ?? kustomization,
      resource: problem.object ? resourceId(problem.object) : '',
      path: problem.path,
      rule: 'topics',
      message: problem.message,
      render: renderedBy(render, resource?.patches ?? []),
    };
  });
}

function renderedBy(render: Render, patches: string[]): string {
  return patches.length > 0 ? `${render.name}, patched by ${patches.join(', ')}` : render.name;
}

function unlistedFiles(root: string, renders: Render[]): Finding[] {
  const listed = new Set(renders.flatMap((render) => render.files));

  return yamlFiles(root)
    .map((absolute) => relative(root, absolute).split(sep).join('/'))
    .filter((file) => !listed.has(file))
    .map((file) => ({
      file,
      resource: '',
      path: '',
      rule: 'kustomize',
      message: 'no kustomization lists this file, so it is neither deployed nor validated',
    }));
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      return entry.name.startsWith('.') ? [] : yamlFiles(path);
    }

    return /\.ya?ml$/.test(entry.name) ? [path] : [];
  });
}

function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();

  return findings.filter((finding) => {
    const key = [finding.file, finding.resource, finding.path, finding.rule, finding.message].join(
      '\u0000',
    );
    const fresh = !seen.has(key);
    seen.add(key);

    return fresh;
  });
}

function sortFindings(findings: Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      a.file.localeCompare(b.file) ||
      a.path.localeCompare(b.path) ||
      a.message.localeCompare(b.message),
  );
}

/** CLI: `validate-manifests [dir]` (default `k8s`); exit 1 on any finding. */
export async function main(argv = process.argv.slice(2)): Promise<number> {
  const dir = resolve(argv[0] ?? 'k8s');
  const findings = await validateManifestTree(dir);
  for (const finding of findings) {
    console.error(formatFinding(finding));
  }
  console.log(`${dir}: ${findings.length === 0 ? 'no findings' : `${findings.length} finding(s)`}`);

  return findings.length === 0 ? 0 : 1;
}

if (require.main === module) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 2;
    },
  );
}
