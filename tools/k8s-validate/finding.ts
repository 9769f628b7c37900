/** What kind of check produced a finding. */
export type FindingRule =
  'yaml' | 'kustomize' | 'schema' | 'unknown-field' | 'house-rule' | 'topics';

/** One problem in the manifest tree. */
export interface Finding {
  /** The file the problem is in, relative to the tree root: `base/deployment-ingest.yaml`. */
  file: string;
  /** `Kind/name` of the resource, or '' for a problem with the file itself. */
  resource: string;
  /** JSON pointer inside the resource (`/spec/replicas`), or '' for the whole. */
  path: string;
  rule: FindingRule;
  message: string;
  /** The kustomization whose rendered output showed the problem, when it came from a render. */
  render?: string;
}

export type KubeObject = Record<string, unknown>;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asRecord(value: unknown): Record<string, unknown> {
  return isRecord(value) ? value : {};
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function resourceId(object: KubeObject): string {
  const metadata = asRecord(object.metadata);

  return `${String(object.kind ?? '?')}/${String(metadata.name ?? '?')}`;
}

/** Escapes one JSON-pointer segment (RFC 6901). */
export function pointerSegment(key: string | number): string {
  return String(key).replace(/~/g, '~0').replace(/\//g, '~1');
}

export function formatFinding(finding: Finding): string {
  const where = [finding.file, finding.resource, finding.path].filter(Boolean).join(' ');
  const render = finding.render ? ` (rendered by ${finding.render})` : '';

  return `${where}: ${finding.message} [${finding.rule}]${render}`;
}
