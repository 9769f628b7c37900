import { Inject, Module, type DynamicModule, type OnModuleInit } from '@nestjs/common';
import { SmsRequestSchema } from '@rebound/contracts';
import { ConsumerHost, LOGGER, ServiceKitModule, databaseProvider } from '@rebound/service-kit';
import type { Logger } from '@rebound/telemetry';
import type { NotifierConfig } from './notifier.config';
import { NOTIFIER_CONFIG } from './notifier.tokens';
import { CreateTextMessage1733300000000 } from './persistence/migrations/1733300000000-create-text-message';
import { TextMessageEntity } from './persistence/text-message.entity';
import { ProviderRegistry } from './providers/provider.registry';
import { SendTextHandler } from './sending/send-text.handler';

export const NOTIFIER_GROUP = 'rebound-notifier';

@Module({})
export class NotifierModule implements OnModuleInit {
  constructor(
    @Inject(ConsumerHost) private readonly consumers: ConsumerHost,
    @Inject(SendTextHandler) private readonly sendText: SendTextHandler,
  ) {}

  static register(config: NotifierConfig): DynamicModule {
    return {
      module: NotifierModule,
      imports: [ServiceKitModule.forService('notifier')],
      providers: [
        { provide: NOTIFIER_CONFIG, useValue: config },
        databaseProvider({
          url: config.DATABASE_URL,
          schema: 'notifier',
          entities: [TextMessageEntity],
          migrations: [CreateTextMessage1733300000000],
        }),
        {
          provide: ProviderRegistry,
          inject: [LOGGER],
          useFactory: (logger: Logger) => ProviderRegistry.fromConfig(config, logger),
        },
        SendTextHandler,
      ],
    };
  }

  onModuleInit(): void {
    this.consumers.add({
      groupId: NOTIFIER_GROUP,
      topic: 'smsRequests',
      schema: SmsRequestSchema,
      handle: (request) => this.sendText.handle(request),
    });
  }
}
