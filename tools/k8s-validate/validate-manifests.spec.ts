import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { validateManifestTree, type Finding } from './validate-manifests';

const K8S_DIR = resolve(__dirname, '../../k8s');

const LATEST_INGEST_IMAGE =
  'image registry.example.com/rebound/ingest:latest uses the "latest" tag; pin a version or digest';

type Edit = { file: string; from: string; to: string };

describe('validateManifestTree', () => {
  const copies: string[] = [];

  /** A copy of the real tree with each edit's first `from` replaced by `to`. */
  function copyWith(edits: Edit[]): string {
    const dir = mkdtempSync(join(tmpdir(), 'rebound-k8s-'));
    copies.push(dir);
    cpSync(K8S_DIR, dir, { recursive: true });
    for (const { file, from, to } of edits) {
      const text = readFileSync(join(dir, file), 'utf8');
      if (!text.includes(from)) {
        throw new Error(`${file} does not contain ${from}; the test would check nothing`);
      }
      writeFileSync(join(dir, file), text.replace(from, to));
    }

    return dir;
  }

  const summary = (findings: Finding[]) =>
    findings.map(({ file, resource, path, rule, message }) => ({
      file,
      resource,
      path,
      rule,
      message,
    }));

  afterAll(() => {
    copies.forEach((dir) => rmSync(dir, { recursive: true, force: true }));
  });

  it('should find nothing wrong in the repository k8s tree', async () => {
    const findings = await validateManifestTree(K8S_DIR);

    expect(findings).toEqual([]);
  });

  it('should name a misspelt readinessProbe, its file and the missing probe', async () => {
    const dir = copyWith([
      { file: 'base/deployment-ingest.yaml', from: 'readinessProbe:', to: 'readinesProbe:' },
    ]);

    const findings = await validateManifestTree(dir);

    expect(summary(findings)).toEqual([
      {
        file: 'base/deployment-ingest.yaml',
        resource: 'Deployment/ingest',
        path: '/spec/template/spec/containers/0/readinesProbe',
        rule: 'unknown-field',
        message: 'unknown field "readinesProbe"',
      },
      {
        file: 'base/deployment-ingest.yaml',
        resource: 'Deployment/ingest',
        path: '/spec/template/spec/containers/0/readinessProbe',
        rule: 'house-rule',
        message: 'container has no readinessProbe',
      },
    ]);
  });

  it('should name replicas misspelt in a base Deployment and in an overlay patch', async () => {
    const dir = copyWith([
      { file: 'base/deployment-otel-collector.yaml', from: 'replicas: 1', to: 'replica: 1' },
      {
        file: 'overlays/production/deployment-otel-collector.yaml',
        from: 'replicas: 2',
        to: 'replica: 2',
      },
    ]);

    const findings = await validateManifestTree(dir);

    expect(summary(findings)).toEqual([
      {
        file: 'base/deployment-otel-collector.yaml',
        resource: 'Deployment/otel-collector',
        path: '/spec/replica',
        rule: 'unknown-field',
        message: 'unknown field "replica"',
      },
      {
        file: 'overlays/production/deployment-otel-collector.yaml',
        resource: 'Deployment/otel-collector',
        path: '/spec/replica',
        rule: 'unknown-field',
        message: 'unknown field "replica"',
      },
    ]);
  });

  it('should reject unknown fields and wrong types in custom resources', async () => {
    const dir = copyWith([
      { file: 'base/scaledobject-detector.yaml', from: 'lagThreshold:', to: 'lagTreshold:' },
      {
        file: 'overlays/production/scaledobject-notifier.yaml',
        from: 'minReplicaCount',
        to: 'minReplicas',
      },
      { file: 'base/kafkatopic-decisions.yaml', from: 'replicas: 3', to: 'replicas: "3"' },
    ]);

    const findings = await validateManifestTree(dir);

    expect(summary(findings)).toEqual([
      {
        file: 'base/kafkatopic-decisions.yaml',
        resource: 'KafkaTopic/rebound.decisions.v1',
        path: '/spec/replicas',
        rule: 'schema',
        message: 'must be integer',
      },
      {
        file: 'base/scaledobject-detector.yaml',
        resource: 'ScaledObject/detector',
        path: '/spec/triggers/0/metadata/lagTreshold',
        rule: 'unknown-field',
        message: 'unknown field "lagTreshold"',
      },
      {
        file: 'overlays/production/scaledobject-notifier.yaml',
        resource: 'ScaledObject/notifier',
        path: '/spec/minReplicas',
        rule: 'unknown-field',
        message: 'unknown field "minReplicas"',
      },
    ]);
  });

  it('should hold topics and consumer scaling to the contract in libs/contracts', async () => {
    const dir = copyWith([
      { file: 'base/kafkatopic-sms-status.yaml', from: 'partitions: 6', to: 'partitions: 4' },
      {
        file: 'overlays/production/scaledobject-detector.yaml',
        from: 'maxReplicaCount: 6',
        to: 'maxReplicaCount: 8',
      },
    ]);

    const findings = await validateManifestTree(dir);

    expect(summary(findings)).toEqual([
      {
        file: 'base/kafkatopic-sms-status.yaml',
        resource: 'KafkaTopic/rebound.sms-status.v1',
        path: '/spec/partitions',
        rule: 'topics',
        message: 'partitions 4, but libs/contracts says 6',
      },
      {
        file: 'base/scaledobject-detector.yaml',
        resource: 'ScaledObject/detector',
        path: '/spec/maxReplicaCount',
        rule: 'topics',
        message: 'maxReplicaCount 8 exceeds the 6 partitions of rebound.call-events.v1',
      },
    ]);
    expect(findings[1].render).toBe(
      'overlays/production, patched by overlays/production/scaledobject-detector.yaml',
    );
  });

  it('should enforce the house rules on what an overlay renders', async () => {
    const dir = copyWith([
      {
        file: 'overlays/staging/kustomization.yaml',
        from: 'newTag: 0.1.0-rc.1',
        to: 'newTag: latest',
      },
      {
        file: 'base/job-migrate.yaml',
        from: 'allowPrivilegeEscalation: false',
        to: 'allowPrivilegeEscalation: true',
      },
      { file: 'base/deployment-notifier.yaml', from: 'protocol: TCP', to: 'protocol: TPC' },
    ]);
    writeFileSync(
      join(dir, 'base', 'configmap-forgotten.yaml'),
      'apiVersion: v1\nkind: ConfigMap\n',
    );

    const findings = await validateManifestTree(dir);

    expect(summary(findings)).toEqual([
      {
        file: 'base/configmap-forgotten.yaml',
        resource: '',
        path: '',
        rule: 'kustomize',
        message: 'no kustomization lists this file, so it is neither deployed nor validated',
      },
      {
        file: 'base/deployment-ingest.yaml',
        resource: 'Deployment/ingest',
        path: '/spec/template/spec/containers/0/image',
        rule: 'house-rule',
        message: LATEST_INGEST_IMAGE,
      },
      {
        file: 'base/deployment-notifier.yaml',
        resource: 'Deployment/notifier',
        path: '/spec/template/spec/containers/0/ports/0/protocol',
        rule: 'schema',
        message: 'must be equal to one of the allowed values: SCTP, TCP, UDP',
      },
      {
        file: 'base/job-migrate.yaml',
        resource: 'Job/rebound-migrate',
        path: '/spec/template/spec/initContainers/0/image',
        rule: 'house-rule',
        message: LATEST_INGEST_IMAGE,
      },
      {
        file: 'base/job-migrate.yaml',
        resource: 'Job/rebound-migrate',
        path: '/spec/template/spec/initContainers/0/securityContext/allowPrivilegeEscalation',
        rule: 'house-rule',
        message: 'securityContext.allowPrivilegeEscalation must be false',
      },
      {
        file: 'overlays/staging/kustomization.yaml',
        resource: '',
        path: '/images/0/newTag',
        rule: 'kustomize',
        message: 'images entry sets the "latest" tag; pin a version',
      },
    ]);
  });
});
