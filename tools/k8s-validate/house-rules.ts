import { asArray, asRecord, isRecord, type KubeObject } from './finding';
import type { SchemaProblem } from './kubernetes-schemas';

/** Pods that run until stopped: they need probes and a preStop hook. */
const LONG_RUNNING_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet']);

const RUN_AS_USER = 10001;

/** Env names that hold secrets; their values must come from a Secret. */
const SECRET_ENV_NAME = /(TOKEN|SECRET|PASSWORD|KEY|DATABASE_URL)$/;

interface PodSpecAt {
  spec: Record<string, unknown>;
  path: string;
  longRunning: boolean;
}

interface ContainerAt {
  container: Record<string, unknown>;
  path: string;
  init: boolean;
}

/**
 * The house rules for every pod template (STYLE.md section 8 item 20 and the
 * deployment brief): a pinned image that is not `latest`, CPU and memory
 * requests and limits, the non-root security context (runAsNonRoot, user
 * 10001, read-only root filesystem, no privilege escalation, all
 * capabilities dropped, RuntimeDefault seccomp), an emptyDir on /tmp, no
 * service-account token, secrets only through secretKeyRef, and for
 * long-running pods liveness and readiness probes and a preStop hook.
 * Job containers need no probes: they run to completion.
 */
export function houseRuleProblems(object: KubeObject): SchemaProblem[] {
  const pod = podSpecOf(object);
  if (!pod) {
    return [];
  }
  const problems: SchemaProblem[] = [];
  if (pod.spec.automountServiceAccountToken !== false) {
    problems.push(at(pod.path, 'automountServiceAccountToken', 'must be false'));
  }
  for (const entry of containersOf(pod)) {
    problems.push(...containerProblems(entry, pod));
  }

  return problems;
}

function podSpecOf(object: KubeObject): PodSpecAt | undefined {
  const kind = String(object.kind);
  const spec = asRecord(object.spec);
  if (LONG_RUNNING_KINDS.has(kind) || kind === 'Job') {
    const podSpec = asRecord(asRecord(spec.template).spec);

    return { spec: podSpec, path: '/spec/template/spec', longRunning: kind !== 'Job' };
  }
  if (kind === 'CronJob') {
    const jobSpec = asRecord(asRecord(spec.jobTemplate).spec);
    const podSpec = asRecord(asRecord(jobSpec.template).spec);

    return { spec: podSpec, path: '/spec/jobTemplate/spec/template/spec', longRunning: false };
  }
  if (kind === 'Pod') {
    return { spec, path: '/spec', longRunning: true };
  }

  return undefined;
}

function containersOf(pod: PodSpecAt): ContainerAt[] {
  const list = (field: string, init: boolean) =>
    asArray(pod.spec[field])
      .filter(isRecord)
      .map((container, index) => ({ container, path: `${pod.path}/${field}/${index}`, init }));

  return [...list('initContainers', true), ...list('containers', false)];
}

function containerProblems(entry: ContainerAt, pod: PodSpecAt): SchemaProblem[] {
  const problems = [
    ...imageProblems(entry),
    ...resourceProblems(entry),
    ...securityProblems(entry, asRecord(pod.spec.securityContext)),
    ...tmpProblems(entry, pod),
    ...secretEnvProblems(entry),
  ];
  if (pod.longRunning && !entry.init) {
    for (const probe of ['livenessProbe', 'readinessProbe']) {
      if (!isRecord(entry.container[probe])) {
        problems.push(at(entry.path, probe, `container has no ${probe}`));
      }
    }
    if (!isRecord(asRecord(entry.container.lifecycle).preStop)) {
      const message = 'container has no preStop hook (readiness must drop before SIGTERM)';
      problems.push(at(entry.path, 'lifecycle', message));
    }
  }

  return problems;
}

function imageProblems({ container, path }: ContainerAt): SchemaProblem[] {
  const image = typeof container.image === 'string' ? container.image : '';
  const [withoutDigest, digest] = image.split('@');
  const afterName = withoutDigest.slice(withoutDigest.lastIndexOf('/') + 1);
  const tag = afterName.includes(':') ? afterName.slice(afterName.indexOf(':') + 1) : '';
  if (!image) {
    return [at(path, 'image', 'container has no image')];
  }
  if (tag === 'latest') {
    return [at(path, 'image', `image ${image} uses the "latest" tag; pin a version or digest`)];
  }
  if (!tag && !digest) {
    return [at(path, 'image', `image ${image} has no tag or digest (that means "latest")`)];
  }

  return [];
}

function resourceProblems({ container, path }: ContainerAt): SchemaProblem[] {
  const resources = asRecord(container.resources);

  return ['requests', 'limits'].flatMap((level) =>
    ['cpu', 'memory']
      .filter((name) => asRecord(resources[level])[name] === undefined)
      .map((name) =>
        at(path, `resources/${level}`, `container has no ${name} ${level.slice(0, -1)}`),
      ),
  );
}

function securityProblems({ container, path }: ContainerAt, pod: Record<string, unknown>) {
  const own = asRecord(container.securityContext);
  const effective = (key: string) => own[key] ?? pod[key];
  const drop = asArray(asRecord(own.capabilities).drop);
  const checks: Array<[boolean, string, string]> = [
    [effective('runAsNonRoot') === true, 'runAsNonRoot', 'must be true'],
    [effective('runAsUser') === RUN_AS_USER, 'runAsUser', `must be ${RUN_AS_USER}`],
    [own.readOnlyRootFilesystem === true, 'readOnlyRootFilesystem', 'must be true'],
    [own.allowPrivilegeEscalation === false, 'allowPrivilegeEscalation', 'must be false'],
    [drop.includes('ALL'), 'capabilities/drop', 'must include ALL'],
    [
      asRecord(effective('seccompProfile')).type === 'RuntimeDefault',
      'seccompProfile/type',
      'must be RuntimeDefault',
    ],
  ];

  return checks
    .filter(([ok]) => !ok)
    .map(([, field, rule]) =>
      at(path, `securityContext/${field}`, `securityContext.${field.replace('/', '.')} ${rule}`),
    );
}

function tmpProblems({ container, path }: ContainerAt, pod: PodSpecAt): SchemaProblem[] {
  const mount = asArray(container.volumeMounts)
    .map(asRecord)
    .find((m) => m.mountPath === '/tmp');
  const volume = asArray(pod.spec.volumes)
    .map(asRecord)
    .find((v) => v.name === mount?.name);
  if (!mount || !isRecord(volume?.emptyDir)) {
    return [at(path, 'volumeMounts', 'container has no emptyDir mounted at /tmp')];
  }

  return [];
}

function secretEnvProblems({ container, path }: ContainerAt): SchemaProblem[] {
  return asArray(container.env)
    .map(asRecord)
    .map((variable, index) => ({ variable, index }))
    .filter(({ variable }) => SECRET_ENV_NAME.test(String(variable.name)))
    .filter(({ variable }) => !isRecord(asRecord(variable.valueFrom).secretKeyRef))
    .map(({ variable, index }) =>
      at(
        path,
        `env/${index}`,
        `${String(variable.name)} looks secret: take it from a Secret via secretKeyRef`,
      ),
    );
}

function at(base: string, field: string, message: string): SchemaProblem {
  return { path: `${base}/${field}`, message };
}
