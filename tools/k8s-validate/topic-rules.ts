import { DEFAULT_TOPIC_PREFIX, TopicNames } from '@rebound/contracts';
import { asArray, asRecord, type KubeObject } from './finding';
import type { SchemaProblem } from './kubernetes-schemas';

export interface TopicProblem extends SchemaProblem {
  /** The resource at fault; undefined when a topic is missing altogether. */
  object?: KubeObject;
}

interface ExpectedTopic {
  topic: string;
  partitions: number;
  compacted: boolean;
}

/**
 * Checks one render against the topic contract in libs/contracts: every
 * topic and DLQ exists as a KafkaTopic with the contract's partition count
 * (cleanup.policy compact where the contract says compacted), there are no
 * KafkaTopics the contract does not know, and each KEDA kafka trigger
 * watches a known topic with `maxReplicaCount` no higher than its
 * partitions (extra consumers in a group get no partition and sit idle)
 * under the group name `rebound-<deployment>`. The prefix is the rendered
 * `rebound-config` ConfigMap's KAFKA_TOPIC_PREFIX. A render with neither
 * KafkaTopics nor ScaledObjects is skipped.
 */
export function topicProblems(objects: KubeObject[]): TopicProblem[] {
  const topics = objects.filter((object) => object.kind === 'KafkaTopic');
  const scaled = objects.filter((object) => object.kind === 'ScaledObject');
  if (topics.length === 0 && scaled.length === 0) {
    return [];
  }
  const expected = new Map(
    new TopicNames(topicPrefix(objects)).all().map((entry) => [entry.topic, entry] as const),
  );

  return [
    ...missingTopics(expected, topics),
    ...topics.flatMap((object) => topicMismatch(expected, object)),
    ...scaled.flatMap((object) => triggerProblems(expected, object)),
  ];
}

function topicPrefix(objects: KubeObject[]): string {
  const config = objects.find(
    (object) => object.kind === 'ConfigMap' && asRecord(object.metadata).name === 'rebound-config',
  );
  const prefix = asRecord(config?.data).KAFKA_TOPIC_PREFIX;

  return typeof prefix === 'string' ? prefix : DEFAULT_TOPIC_PREFIX;
}

function topicNameOf(object: KubeObject): string {
  return String(asRecord(object.spec).topicName ?? asRecord(object.metadata).name);
}

function missingTopics(expected: Map<string, ExpectedTopic>, topics: KubeObject[]): TopicProblem[] {
  const declared = new Set(topics.map(topicNameOf));

  return [...expected.keys()]
    .filter((topic) => !declared.has(topic))
    .map((topic) => ({
      path: '',
      message: `topic ${topic} from libs/contracts has no KafkaTopic`,
    }));
}

function topicMismatch(expected: Map<string, ExpectedTopic>, object: KubeObject): TopicProblem[] {
  const spec = asRecord(object.spec);
  const contract = expected.get(topicNameOf(object));
  if (!contract) {
    return [
      {
        object,
        path: '/spec/topicName',
        message: `${topicNameOf(object)} is not in libs/contracts`,
      },
    ];
  }
  const problems: TopicProblem[] = [];
  // A missing or mistyped `partitions` is the schema check's finding.
  if (typeof spec.partitions === 'number' && spec.partitions !== contract.partitions) {
    const message = `partitions ${spec.partitions}, but libs/contracts says ${contract.partitions}`;
    problems.push({ object, path: '/spec/partitions', message });
  }
  const policy = asRecord(spec.config)['cleanup.policy'];
  if (contract.compacted !== (policy === 'compact')) {
    const want = contract.compacted ? 'compact' : 'delete';
    problems.push({ object, path: '/spec/config/cleanup.policy', message: `must be ${want}` });
  }

  return problems;
}

function triggerProblems(expected: Map<string, ExpectedTopic>, object: KubeObject): TopicProblem[] {
  const spec = asRecord(object.spec);
  const target = String(asRecord(spec.scaleTargetRef).name);
  const maxReplicas = Number(spec.maxReplicaCount ?? 100);

  return asArray(spec.triggers).flatMap((raw, index): TopicProblem[] => {
    const trigger = asRecord(raw);
    const metadata = asRecord(trigger.metadata);
    const path = `/spec/triggers/${index}/metadata`;
    if (trigger.type !== 'kafka') {
      return [];
    }
    const contract = expected.get(String(metadata.topic));
    const problems: TopicProblem[] = [];
    if (!contract) {
      problems.push({
        object,
        path: `${path}/topic`,
        message: `unknown topic ${String(metadata.topic)}`,
      });
    } else if (maxReplicas > contract.partitions) {
      const partitions = `${contract.partitions} partitions of ${contract.topic}`;
      const message = `maxReplicaCount ${maxReplicas} exceeds the ${partitions}`;
      problems.push({ object, path: '/spec/maxReplicaCount', message });
    }
    if (metadata.consumerGroup !== `rebound-${target}`) {
      problems.push({
        object,
        path: `${path}/consumerGroup`,
        message: `must be rebound-${target}`,
      });
    }

    return problems;
  });
}
