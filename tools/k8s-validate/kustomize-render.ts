import { existsSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { asArray, asRecord, isRecord, resourceId, type Finding, type KubeObject } from './finding';
import { patchDirectives, strategicMerge } from './strategic-merge';
import { parseYamlText, readYamlFile, type SourceDoc } from './yaml-source';

/**
 * A small kustomize, enough to validate what `kubectl kustomize` would emit
 * for this repository. Supported kustomization fields:
 *
 * - `resources`: local files and local directories holding a kustomization
 *   (no URLs, no git references);
 * - `namespace`: set on every resource except the few cluster-scoped kinds
 *   listed below (references inside resources are not rewritten);
 * - `labels` (`pairs`, `includeSelectors`, `includeTemplates`) and the older
 *   `commonLabels` (which is `labels` with `includeSelectors: true`);
 * - `images`: `name` with `newName`, `newTag` and/or `digest`, applied to
 *   every `containers` / `initContainers` list in any resource;
 * - `patches` (with `path` or inline `patch`, optional `target` by exact
 *   `kind` and/or `name`) and the older `patchesStrategicMerge`, applied as
 *   strategic merges (see strategic-merge.ts).
 *
 * Anything else (generators, JSON 6902 patches, name prefixes, replacements,
 * components, remote bases, target selectors by label or regex, patch
 * directives) is reported as a finding instead of being silently ignored,
 * so the validator never checks something other than what would deploy.
 */
const SUPPORTED_FIELDS = new Set([
  'apiVersion',
  'kind',
  'resources',
  'namespace',
  'labels',
  'commonLabels',
  'images',
  'patches',
  'patchesStrategicMerge',
]);

const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

const CLUSTER_SCOPED_KINDS = new Set([
  'Namespace',
  'ClusterRole',
  'ClusterRoleBinding',
  'CustomResourceDefinition',
  'PriorityClass',
  'StorageClass',
  'PersistentVolume',
  'ValidatingWebhookConfiguration',
  'MutatingWebhookConfiguration',
]);

const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet']);

export interface RenderedResource {
  object: KubeObject;
  /** The file the resource was declared in, relative to the tree root. */
  origin: string;
  /** Patch files merged into it, in order. */
  patches: string[];
}

export interface Render {
  /** The kustomization's directory, relative to the tree root (`overlays/staging`). */
  name: string;
  resources: RenderedResource[];
  /** Every resource document read (before any transformation). */
  sources: SourceDoc[];
  /** Every strategic-merge patch document read. */
  patchSources: SourceDoc[];
  /** Every file read, kustomization files included. */
  files: string[];
  findings: Finding[];
}

interface Context {
  root: string;
  render: Render;
  stack: string[];
}

export function findKustomizationFile(dir: string): string | undefined {
  return KUSTOMIZATION_FILES.map((name) => join(dir, name)).find((path) => existsSync(path));
}

export function renderKustomization(root: string, dir: string): Render {
  const render: Render = {
    name: relativePath(root, dir) || '.',
    resources: [],
    sources: [],
    patchSources: [],
    files: [],
    findings: [],
  };
  render.resources = build({ root, render, stack: [] }, resolve(dir));
  reportDuplicates(render);

  return render;
}

function build(ctx: Context, dir: string): RenderedResource[] {
  const absolute = findKustomizationFile(dir);
  if (!absolute || ctx.stack.includes(dir)) {
    const message = absolute
      ? 'kustomizations include each other in a cycle'
      : 'no kustomization.yaml';
    report(ctx, relativePath(ctx.root, dir), message);

    return [];
  }
  const file = relativePath(ctx.root, absolute);
  const spec = loadKustomization(ctx, absolute, file);
  const inner = { ...ctx, stack: [...ctx.stack, dir] };
  const loaded = asArray(spec.resources).flatMap((entry) => loadResource(inner, dir, file, entry));
  const resources = applyPatches(ctx, dir, file, spec, loaded);
  applyNamespace(spec.namespace, resources);
  applyLabels(spec, resources);
  applyImages(ctx, file, spec.images, resources);

  return resources;
}

function loadKustomization(ctx: Context, absolute: string, file: string): Record<string, unknown> {
  ctx.render.files.push(file);
  const parsed = readYamlFile(absolute, file);
  ctx.render.findings.push(...parsed.findings);
  const spec = parsed.docs[0]?.object ?? {};
  for (const key of Object.keys(spec).filter((key) => !SUPPORTED_FIELDS.has(key))) {
    report(ctx, file, `kustomization field "${key}" is not supported by this validator`, `/${key}`);
  }

  return spec;
}

function loadResource(ctx: Context, dir: string, file: string, entry: unknown): RenderedResource[] {
  if (typeof entry !== 'string' || entry.includes('://') || entry.startsWith('git@')) {
    report(ctx, file, `resource ${JSON.stringify(entry)} is not a local file or directory`);

    return [];
  }
  const absolute = resolve(dir, entry);
  if (!existsSync(absolute)) {
    report(ctx, file, `resource ${entry} does not exist`);

    return [];
  }
  if (statSync(absolute).isDirectory()) {
    return build(ctx, absolute);
  }
  const docs = readDocs(ctx, absolute);
  ctx.render.sources.push(...docs);

  return docs.map((doc) => ({
    object: structuredClone(doc.object),
    origin: doc.file,
    patches: [],
  }));
}

function readDocs(ctx: Context, absolute: string): SourceDoc[] {
  const file = relativePath(ctx.root, absolute);
  ctx.render.files.push(file);
  const parsed = readYamlFile(absolute, file);
  ctx.render.findings.push(...parsed.findings);

  return parsed.docs;
}

interface PatchEntry {
  docs: SourceDoc[];
  target?: { kind?: string; name?: string };
}

function applyPatches(
  ctx: Context,
  dir: string,
  file: string,
  spec: Record<string, unknown>,
  resources: RenderedResource[],
): RenderedResource[] {
  const entries = [
    ...asArray(spec.patchesStrategicMerge).map((path) => ({ path })),
    ...asArray(spec.patches),
  ];
  for (const entry of entries) {
    const patch = loadPatch(ctx, dir, file, asRecord(entry));
    for (const doc of patch?.docs ?? []) {
      applyPatchDoc(ctx, doc, patch?.target, resources);
    }
  }

  return resources;
}

function loadPatch(ctx: Context, dir: string, file: string, entry: Record<string, unknown>) {
  for (const key of Object.keys(entry).filter(
    (key) => !['path', 'patch', 'target'].includes(key),
  )) {
    report(ctx, file, `patch field "${key}" is not supported by this validator`);
  }
  const target = entry.target === undefined ? undefined : loadTarget(ctx, file, entry.target);
  if (typeof entry.path === 'string') {
    const absolute = resolve(dir, entry.path);
    if (!existsSync(absolute)) {
      report(ctx, file, `patch ${entry.path} does not exist`);

      return undefined;
    }

    return { docs: readDocs(ctx, absolute), target } satisfies PatchEntry;
  }
  if (typeof entry.patch === 'string') {
    const parsed = parseYamlText(entry.patch, file);
    ctx.render.findings.push(...parsed.findings);

    return { docs: parsed.docs, target } satisfies PatchEntry;
  }
  report(ctx, file, 'a patch has neither a `path` nor an inline `patch`');

  return undefined;
}

function loadTarget(ctx: Context, file: string, raw: unknown): PatchEntry['target'] {
  const target = asRecord(raw);
  for (const key of Object.keys(target).filter((key) => key !== 'kind' && key !== 'name')) {
    report(ctx, file, `patch target field "${key}" is not supported by this validator`);
  }

  return {
    kind: typeof target.kind === 'string' ? target.kind : undefined,
    name: typeof target.name === 'string' ? target.name : undefined,
  };
}

function applyPatchDoc(
  ctx: Context,
  doc: SourceDoc,
  target: PatchEntry['target'],
  resources: RenderedResource[],
): void {
  ctx.render.patchSources.push(doc);
  for (const pointer of patchDirectives(doc.object)) {
    report(ctx, doc.file, 'patch directives are not supported by this validator', pointer);
  }
  const kind = target?.kind ?? doc.object.kind;
  const name = target?.name ?? asRecord(doc.object.metadata).name;
  const matches = resources.filter(
    (resource) =>
      (kind === undefined || resource.object.kind === kind) &&
      (name === undefined || asRecord(resource.object.metadata).name === name),
  );
  if (matches.length === 0) {
    report(ctx, doc.file, `patch matches no resource (${String(kind)}/${String(name)})`);
  }
  for (const resource of matches) {
    const keep = asRecord(resource.object.metadata).name;
    resource.object = strategicMerge(resource.object, doc.object) as KubeObject;
    resource.object.metadata = { ...asRecord(resource.object.metadata), name: keep };
    resource.patches.push(doc.file);
  }
}

function applyNamespace(namespace: unknown, resources: RenderedResource[]): void {
  if (typeof namespace !== 'string') {
    return;
  }
  for (const { object } of resources) {
    if (!CLUSTER_SCOPED_KINDS.has(String(object.kind))) {
      object.metadata = { ...asRecord(object.metadata), namespace };
    }
  }
}

interface LabelSet {
  pairs: Record<string, string>;
  includeSelectors: boolean;
  includeTemplates: boolean;
}

function applyLabels(spec: Record<string, unknown>, resources: RenderedResource[]): void {
  const sets: LabelSet[] = asArray(spec.labels).map((raw) => {
    const entry = asRecord(raw);

    return {
      pairs: asRecord(entry.pairs) as Record<string, string>,
      includeSelectors: entry.includeSelectors === true,
      includeTemplates: entry.includeTemplates === true || entry.includeSelectors === true,
    };
  });
  if (isRecord(spec.commonLabels)) {
    const pairs = spec.commonLabels as Record<string, string>;
    sets.push({ pairs, includeSelectors: true, includeTemplates: true });
  }
  for (const set of sets) {
    resources.forEach(({ object }) => labelResource(object, set));
  }
}

function labelResource(object: KubeObject, set: LabelSet): void {
  addLabels(object, ['metadata', 'labels'], set.pairs, true);
  const kind = String(object.kind);
  if (set.includeTemplates && (WORKLOAD_KINDS.has(kind) || kind === 'Job')) {
    addLabels(object, ['spec', 'template', 'metadata', 'labels'], set.pairs, true);
  }
  if (!set.includeSelectors) {
    return;
  }
  if (WORKLOAD_KINDS.has(kind)) {
    addLabels(object, ['spec', 'selector', 'matchLabels'], set.pairs, true);
  } else if (kind === 'Service') {
    addLabels(object, ['spec', 'selector'], set.pairs, true);
  } else if (kind === 'PodDisruptionBudget') {
    addLabels(object, ['spec', 'selector', 'matchLabels'], set.pairs, false);
  } else if (kind === 'NetworkPolicy') {
    addLabels(object, ['spec', 'podSelector', 'matchLabels'], set.pairs, false);
  }
}

/** Adds labels at a path; creates the path only when `create` is set, as kustomize does. */
function addLabels(
  object: KubeObject,
  path: string[],
  pairs: Record<string, string>,
  create: boolean,
) {
  let node: Record<string, unknown> = object;
  for (const key of path) {
    if (!isRecord(node[key])) {
      if (!create) {
        return;
      }
      node[key] = {};
    }
    node = node[key] as Record<string, unknown>;
  }
  Object.assign(node, pairs);
}

function applyImages(
  ctx: Context,
  file: string,
  raw: unknown,
  resources: RenderedResource[],
): void {
  const images = asArray(raw).map(asRecord);
  images.forEach((entry, index) => {
    for (const key of ['name', 'newName', 'newTag', 'digest']) {
      if (typeof entry[key] !== 'string' && (key === 'name' || entry[key] !== undefined)) {
        report(
          ctx,
          file,
          `images entry needs a string "${key}" (quote it)`,
          `/images/${index}/${key}`,
        );
      }
    }
    if (entry.newTag === 'latest') {
      report(
        ctx,
        file,
        'images entry sets the "latest" tag; pin a version',
        `/images/${index}/newTag`,
      );
    }
  });
  for (const { object } of resources) {
    forEachContainer(object, (container) => {
      const entry = images.find((candidate) => imageName(container.image) === candidate.name);
      if (entry) {
        container.image = rewriteImage(String(container.image), entry);
      }
    });
  }
}

/** Calls `visit` for every item of any `containers` or `initContainers` list in the object. */
export function forEachContainer(
  node: unknown,
  visit: (container: Record<string, unknown>) => void,
) {
  if (Array.isArray(node)) {
    node.forEach((item) => forEachContainer(item, visit));

    return;
  }
  if (!isRecord(node)) {
    return;
  }
  for (const [key, value] of Object.entries(node)) {
    if (key === 'containers' || key === 'initContainers') {
      asArray(value).filter(isRecord).forEach(visit);
    } else {
      forEachContainer(value, visit);
    }
  }
}

/** `registry/repo` of `registry:5000/repo:tag@sha256:...`. */
export function imageName(image: unknown): string {
  const withoutDigest = String(image ?? '').split('@')[0];
  const lastSlash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.indexOf(':', lastSlash + 1);

  return colon === -1 ? withoutDigest : withoutDigest.slice(0, colon);
}

function rewriteImage(image: string, entry: Record<string, unknown>): string {
  const name = typeof entry.newName === 'string' ? entry.newName : imageName(image);
  if (typeof entry.digest === 'string') {
    return `${name}@${entry.digest}`;
  }
  const [withoutDigest, digest] = image.split('@');
  const currentTag = withoutDigest.slice(imageName(image).length + 1);
  const tag = typeof entry.newTag === 'string' ? entry.newTag : currentTag;

  const keptDigest = digest && entry.newTag === undefined ? `@${digest}` : '';

  return `${name}${tag ? `:${tag}` : ''}${keptDigest}`;
}

function reportDuplicates(render: Render): void {
  const seen = new Map<string, string>();
  for (const resource of render.resources) {
    const namespace = String(asRecord(resource.object.metadata).namespace ?? '');
    const key = `${namespace}/${resourceId(resource.object)}`;
    const first = seen.get(key);
    if (first) {
      render.findings.push({
        file: resource.origin,
        resource: resourceId(resource.object),
        path: '',
        rule: 'kustomize',
        message: `declared twice in one render (also in ${first})`,
        render: render.name,
      });
    }
    seen.set(key, first ?? resource.origin);
  }
}

function report(ctx: Context, file: string, message: string, path = ''): void {
  ctx.render.findings.push({
    file,
    resource: '',
    path,
    rule: 'kustomize',
    message,
    render: ctx.render.name,
  });
}

function relativePath(root: string, absolute: string): string {
  return relative(root, absolute).split(sep).join('/');
}
