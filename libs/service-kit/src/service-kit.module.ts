import { Global, Module, type DynamicModule } from '@nestjs/common';
import { KafkaBus, kafkaSettingsFromEnv } from '@rebound/kafka';
import { Metrics, createLogger, type Logger } from '@rebound/telemetry';
import { Clock, SystemClock } from './clock';
import { HealthRegistry } from './health.registry';
import { OpsController } from './ops.controller';
import { ConsumerHost } from './consumer.host';
import { LOGGER, SERVICE_NAME } from './tokens';

/**
 * What every Rebound service needs: the JSON logger, one Kafka connection,
 * the metrics registry, the clock, and the health and metrics endpoints.
 */
@Global()
@Module({})
export class ServiceKitModule {
  static forService(service: string): DynamicModule {
    const logger = createLogger(service);
    const metrics = new Metrics(service);
    const health = new HealthRegistry();
    const bus = new KafkaBus(kafkaSettingsFromEnv(service), logger);
    health.register('kafka', async () => {
      await bus.connectedProducer();
    });

    return {
      module: ServiceKitModule,
      controllers: [OpsController],
      providers: [
        { provide: SERVICE_NAME, useValue: service },
        { provide: LOGGER, useValue: logger },
        { provide: Metrics, useValue: metrics },
        { provide: HealthRegistry, useValue: health },
        { provide: KafkaBus, useValue: bus },
        { provide: Clock, useClass: SystemClock },
        ConsumerHost,
      ],
      exports: [SERVICE_NAME, LOGGER, Metrics, HealthRegistry, KafkaBus, Clock, ConsumerHost],
    };
  }
}

export type { Logger };
