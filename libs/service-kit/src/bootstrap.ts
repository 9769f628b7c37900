import { NestFactory } from '@nestjs/core';
import type { INestApplication, LoggerService } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { KafkaBus } from '@rebound/kafka';
import type { Logger } from '@rebound/telemetry';
import { stopTracing } from '@rebound/telemetry';
import { HealthRegistry } from './health.registry';
import { LOGGER } from './tokens';

/** Nest's own log lines, through our JSON logger. */
class NestLogBridge implements LoggerService {
  constructor(private readonly logger: Logger) {}
  log(message: unknown, context?: string) {
    this.logger.debug({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string) {
    this.logger.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string) {
    this.logger.warn({ context }, String(message));
  }
}

export interface BootstrapOptions {
  port: number;
  host?: string;
  /** Ingest reads raw bytes itself (signatures); the others use JSON parsing. */
  bodyParser?: boolean;
  /** Express settings to apply before listening, e.g. `trust proxy`. */
  configure?: (app: NestExpressApplication) => void;
}

/**
 * Starts a service: Nest app, HTTP listener, and a graceful shutdown that
 * first reports not-ready, then lets Nest stop consumers (which finish the
 * record in flight, commit and leave their group), then closes Kafka.
 */
export async function bootstrapService(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  module: any,
  options: BootstrapOptions,
): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(module, {
    bodyParser: options.bodyParser ?? true,
    bufferLogs: true,
  });
  const logger = app.get<Logger>(LOGGER);
  app.useLogger(new NestLogBridge(logger));
  await app.get(KafkaBus).ensureTopics();
  options.configure?.(app);
  // Loopback by default; in a pod REBOUND_HTTP_HOST=0.0.0.0 lets probes and scrapers in.
  await app.listen(options.port, options.host ?? process.env.REBOUND_HTTP_HOST ?? '127.0.0.1');
  logger.info({ port: options.port }, 'service listening');

  const shutdown = async (signal: string) => {
    logger.info({ signal }, 'shutting down: finishing in-flight work');
    app.get(HealthRegistry).markShuttingDown();
    await app.close();
    await app.get(KafkaBus).disconnect();
    await stopTracing();
    logger.info('shutdown complete');
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));

  return app;
}
