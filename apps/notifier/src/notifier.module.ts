import { Inject, Module, type DynamicModule, type OnModuleInit } from '@nestjs/common';
import { TenantDirectory } from '@rebound/config';
import { PrivacyRequestSchema, SmsRequestSchema, SmsStatusSchema } from '@rebound/contracts';
import { ConsumerHost, LOGGER, ServiceKitModule, databaseProvider } from '@rebound/service-kit';
import type { Logger } from '@rebound/telemetry';
import { notifierDatabase } from './persistence/notifier.database';
import type { NotifierConfig } from './notifier.config';
import { NOTIFIER_CONFIG } from './notifier.tokens';
import { PrivacyRequestHandler } from './privacy/privacy-request.handler';
import { ProviderRegistry } from './providers/provider.registry';
import { ApplyReceiptHandler } from './receipts/apply-receipt.handler';
import { ReceiptLedger } from './receipts/receipt.ledger';
import { RetentionSweeper } from './retention/retention.sweeper';
import { ProviderCircuits } from './sending/provider.circuits';
import { ProviderDispatcher } from './sending/provider.dispatcher';
import { RetryPolicy } from './sending/retry.policy';
import { SendTextHandler } from './sending/send-text.handler';
import { SenderRateLimiter } from './sending/sender-rate.limiter';
import { StatusPublisher } from './sending/status.publisher';

export const NOTIFIER_GROUP = 'rebound-notifier';

/** sms-requests has 6 partitions: one in flight per partition, so a paced sender holds only its own. */
const SEND_CONCURRENCY = 6;

@Module({})
export class NotifierModule implements OnModuleInit {
  constructor(
    @Inject(ConsumerHost) private readonly consumers: ConsumerHost,
    @Inject(SendTextHandler) private readonly sendText: SendTextHandler,
    @Inject(ApplyReceiptHandler) private readonly receipts: ApplyReceiptHandler,
    @Inject(PrivacyRequestHandler) private readonly privacy: PrivacyRequestHandler,
  ) {}

  static register(config: NotifierConfig): DynamicModule {
    const tenants = TenantDirectory.fromFile(config.REBOUND_TENANTS_FILE);

    return {
      module: NotifierModule,
      imports: [ServiceKitModule.forService('notifier')],
      providers: [
        { provide: NOTIFIER_CONFIG, useValue: config },
        { provide: TenantDirectory, useValue: tenants },
        databaseProvider(notifierDatabase(config.DATABASE_URL)),
        {
          provide: ProviderRegistry,
          inject: [LOGGER],
          useFactory: (logger: Logger) => ProviderRegistry.fromConfig(config, tenants, logger),
        },
        {
          provide: ProviderDispatcher,
          inject: [ProviderRegistry, LOGGER],
          useFactory: (registry: ProviderRegistry, logger: Logger) =>
            new ProviderDispatcher(
              registry,
              tenants,
              new ProviderCircuits({
                failureThreshold: config.NOTIFIER_BREAKER_FAILURES,
                cooldownMs: config.NOTIFIER_BREAKER_COOLDOWN_SECONDS * 1000,
              }),
              new SenderRateLimiter(),
              new RetryPolicy(config.NOTIFIER_SEND_ATTEMPTS, config.NOTIFIER_RETRY_BASE_MS),
              { defaultRatePerSecond: config.NOTIFIER_SENDER_RATE_PER_SECOND },
              logger.child({ component: 'dispatcher' }),
            ),
        },
        StatusPublisher,
        ReceiptLedger,
        SendTextHandler,
        ApplyReceiptHandler,
        PrivacyRequestHandler,
        RetentionSweeper,
      ],
    };
  }

  onModuleInit(): void {
    this.consumers.add({
      groupId: NOTIFIER_GROUP,
      topic: 'smsRequests',
      schema: SmsRequestSchema,
      concurrency: SEND_CONCURRENCY,
      handle: (request) => this.sendText.handle(request),
    });
    this.consumers.add({
      groupId: `${NOTIFIER_GROUP}-status`,
      topic: 'smsStatus',
      schema: SmsStatusSchema,
      handle: (status) => this.receipts.handle(status),
    });
    this.consumers.add({
      groupId: `${NOTIFIER_GROUP}-privacy`,
      topic: 'privacyRequests',
      schema: PrivacyRequestSchema,
      handle: (request) => this.privacy.handle(request),
    });
  }
}
