import { isRecord } from './finding';

/**
 * Lists merged by a key instead of replaced, as Kubernetes' strategic merge
 * patch does for the core types. `ports` is keyed by `containerPort` in a
 * container and by `port` in a Service. Every other list is replaced whole,
 * which is also what kustomize does for custom resources (it has no schema
 * for them).
 */
const MERGE_KEYS: Record<string, string[]> = {
  containers: ['name'],
  initContainers: ['name'],
  ephemeralContainers: ['name'],
  env: ['name'],
  volumes: ['name'],
  imagePullSecrets: ['name'],
  volumeMounts: ['mountPath'],
  ports: ['containerPort', 'port'],
};

/**
 * A strategic merge of `patch` into `base`: maps merge key by key, `null`
 * deletes a key, keyed lists merge item by item, other lists and scalars are
 * replaced. Patch directives (`$patch`, `$retainKeys`, `$setElementOrder`)
 * are not supported; `patchDirectives` finds them so the caller can report
 * them.
 */
export function strategicMerge(base: unknown, patch: unknown, field = ''): unknown {
  if (isRecord(base) && isRecord(patch)) {
    return mergeMaps(base, patch);
  }
  if (Array.isArray(base) && Array.isArray(patch)) {
    const key = mergeKeyOf(field, [...base, ...patch]);

    return key ? mergeKeyedLists(base, patch, key) : patch;
  }

  return patch;
}

function mergeMaps(base: Record<string, unknown>, patch: Record<string, unknown>) {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) {
      delete merged[key];
    } else {
      merged[key] = strategicMerge(base[key], value, key);
    }
  }

  return merged;
}

function mergeKeyOf(field: string, items: unknown[]): string | undefined {
  const candidates = MERGE_KEYS[field] ?? [];

  return candidates.find(
    (key) => items.length > 0 && items.every((item) => isRecord(item) && key in item),
  );
}

function mergeKeyedLists(base: unknown[], patch: unknown[], key: string): unknown[] {
  const merged = [...base];
  for (const item of patch as Record<string, unknown>[]) {
    const at = merged.findIndex(
      (existing) => (existing as Record<string, unknown>)[key] === item[key],
    );
    if (at === -1) {
      merged.push(item);
    } else {
      merged[at] = strategicMerge(merged[at], item);
    }
  }

  return merged;
}

/** JSON pointers of every `$`-directive key in a patch. */
export function patchDirectives(patch: unknown, pointer = ''): string[] {
  if (Array.isArray(patch)) {
    return patch.flatMap((item, index) => patchDirectives(item, `${pointer}/${index}`));
  }
  if (!isRecord(patch)) {
    return [];
  }

  return Object.entries(patch).flatMap(([key, value]) =>
    key.startsWith('$') ? [`${pointer}/${key}`] : patchDirectives(value, `${pointer}/${key}`),
  );
}
