import { Module, type DynamicModule } from '@nestjs/common';
import { TenantDirectory } from '@rebound/config';
import { LOGGER, ServiceKitModule, databaseProvider } from '@rebound/service-kit';
import type { Logger } from '@rebound/telemetry';
import { AmiHealthController } from './ami/ami-health.controller';
import { AMI_CONNECTIONS, AmiIntakeService } from './ami/ami-intake.service';
import { amiConnectionsOf } from './ami/ami-connection';
import { OpenApiController } from './api/openapi.controller';
import { AdapterRegistry } from './carriers/adapter.registry';
import { resolveCarrierAccounts } from './carriers/secret.resolver';
import type { IngestConfig } from './ingest.config';
import { ingestDatabase } from './persistence/ingest.database';
import { INGEST_CONFIG } from './ingest.tokens';
import { WebhookController } from './http/webhook.controller';
import { AcceptedEventRepository } from './integrator/accepted-event.repository';
import { IntegratorController } from './integrator/integrator.controller';
import { IntegratorIntake } from './integrator/integrator-intake';
import { IntakePublisher } from './intake/intake.publisher';
import { WebhookIntake } from './intake/webhook-intake';

@Module({})
export class IngestModule {
  static register(config: IngestConfig): DynamicModule {
    const tenants = TenantDirectory.fromFile(config.REBOUND_TENANTS_FILE);
    const secrets = resolveCarrierAccounts(tenants, process.env);
    const ami = amiConnectionsOf(secrets.forCarrier('asterisk'), config);

    return {
      module: IngestModule,
      imports: [ServiceKitModule.forService('ingest')],
      controllers: [
        WebhookController,
        IntegratorController,
        OpenApiController,
        AmiHealthController,
      ],
      providers: [
        { provide: INGEST_CONFIG, useValue: config },
        { provide: TenantDirectory, useValue: tenants },
        databaseProvider(ingestDatabase(config.DATABASE_URL)),
        {
          provide: WebhookIntake,
          useValue: new WebhookIntake(new AdapterRegistry(), tenants, secrets.forCarrier),
        },
        { provide: IntegratorIntake, useValue: new IntegratorIntake(tenants) },
        {
          provide: AMI_CONNECTIONS,
          inject: [LOGGER],
          useFactory: (logger: Logger) => {
            if (ami.undialled.length > 0) {
              logger.warn(
                { accounts: ami.undialled },
                'asterisk accounts without an AMI host: not connecting to them',
              );
            }

            return ami.connections;
          },
        },
        IntakePublisher,
        AcceptedEventRepository,
        AmiIntakeService,
      ],
    };
  }
}
