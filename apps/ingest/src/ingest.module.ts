import { Module, type DynamicModule } from '@nestjs/common';
import { TenantDirectory } from '@rebound/config';
import { ServiceKitModule } from '@rebound/service-kit';
import { AdapterRegistry } from './carriers/adapter.registry';
import { resolveCarrierAccounts } from './carriers/secret.resolver';
import type { IngestConfig } from './ingest.config';
import { INGEST_CONFIG } from './ingest.tokens';
import { WebhookController } from './http/webhook.controller';
import { IntakePublisher } from './intake/intake.publisher';
import { WebhookIntake } from './intake/webhook-intake';

@Module({})
export class IngestModule {
  static register(config: IngestConfig): DynamicModule {
    const tenants = TenantDirectory.fromFile(config.REBOUND_TENANTS_FILE);
    const secrets = resolveCarrierAccounts(tenants, process.env);

    return {
      module: IngestModule,
      imports: [ServiceKitModule.forService('ingest')],
      controllers: [WebhookController],
      providers: [
        { provide: INGEST_CONFIG, useValue: config },
        { provide: TenantDirectory, useValue: tenants },
        {
          provide: WebhookIntake,
          useValue: new WebhookIntake(new AdapterRegistry(), tenants, secrets.forCarrier),
        },
        IntakePublisher,
      ],
    };
  }
}
