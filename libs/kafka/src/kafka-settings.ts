import { DEFAULT_TOPIC_PREFIX } from '@rebound/contracts';

export interface KafkaSettings {
  brokers: string[];
  clientId: string;
  topicPrefix: string;
}

/** Reads `KAFKA_BROKERS` (comma-separated) and `KAFKA_TOPIC_PREFIX`. */
export function kafkaSettingsFromEnv(clientId: string, env = process.env): KafkaSettings {
  const brokers = (env.KAFKA_BROKERS ?? '127.0.0.1:9092')
    .split(',')
    .map((broker) => broker.trim())
    .filter(Boolean);

  return { brokers, clientId, topicPrefix: env.KAFKA_TOPIC_PREFIX ?? DEFAULT_TOPIC_PREFIX };
}
