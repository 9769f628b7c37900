import { Inject, Module, type DynamicModule, type OnModuleInit } from '@nestjs/common';
import { CallEventSchema } from '@rebound/contracts';
import { TenantDirectory } from '@rebound/config';
import { ConsumerHost, ServiceKitModule, databaseProvider } from '@rebound/service-kit';
import type { DetectorConfig } from './detector.config';
import { DETECTOR_CONFIG } from './detector.tokens';
import { CreateCallTracking1733300000000 } from './persistence/migrations/1733300000000-create-call-tracking';
import { RecordCallEventHandler } from './tracking/record-call-event.handler';
import { VerdictSweeper } from './tracking/verdict.sweeper';

export const DETECTOR_GROUP = 'rebound-detector';

@Module({})
export class DetectorModule implements OnModuleInit {
  constructor(
    @Inject(ConsumerHost) private readonly consumers: ConsumerHost,
    @Inject(RecordCallEventHandler) private readonly recordEvent: RecordCallEventHandler,
  ) {}

  static register(config: DetectorConfig): DynamicModule {
    return {
      module: DetectorModule,
      imports: [ServiceKitModule.forService('detector')],
      providers: [
        { provide: DETECTOR_CONFIG, useValue: config },
        {
          provide: TenantDirectory,
          useValue: TenantDirectory.fromFile(config.REBOUND_TENANTS_FILE),
        },
        databaseProvider({
          url: config.DATABASE_URL,
          schema: 'detector',
          entities: [],
          migrations: [CreateCallTracking1733300000000],
        }),
        RecordCallEventHandler,
        VerdictSweeper,
      ],
    };
  }

  onModuleInit(): void {
    this.consumers.add({
      groupId: DETECTOR_GROUP,
      topic: 'callEvents',
      schema: CallEventSchema,
      handle: (event) => this.recordEvent.handle(event),
    });
  }
}
