import { Inject, Module, type DynamicModule, type OnModuleInit } from '@nestjs/common';
import { CallEventSchema, PrivacyRequestSchema } from '@rebound/contracts';
import { TenantDirectory } from '@rebound/config';
import { ConsumerHost, ServiceKitModule, databaseProvider } from '@rebound/service-kit';
import type { DetectorConfig } from './detector.config';
import { DETECTOR_CONFIG } from './detector.tokens';
import { CarrierLookupRegistry } from './carrier-lookup/carrier-lookup.registry';
import { TwilioCallLookup } from './carrier-lookup/twilio-call.lookup';
import { CallbackHold } from './holding/callback-hold';
import { CreateCallTracking1733300000000 } from './persistence/migrations/1733300000000-create-call-tracking';
import { AddHoldsLookupsRetention1733400000000 } from './persistence/migrations/1733400000000-add-holds-lookups-retention';
import { EraseCallerHandler } from './privacy/erase-caller.handler';
import { RetentionSweeper } from './privacy/retention.sweeper';
import { RecordCallEventHandler } from './tracking/record-call-event.handler';
import { SilentCallResolver } from './tracking/silent-call.resolver';
import { VerdictPublisher } from './tracking/verdict.publisher';
import { VerdictSweeper } from './tracking/verdict.sweeper';

export const DETECTOR_GROUP = 'rebound-detector';
export const DETECTOR_PRIVACY_GROUP = 'rebound-detector-privacy';

/** The carrier APIs the configuration gives credentials for. */
function carrierLookups(config: DetectorConfig): CarrierLookupRegistry {
  const lookups =
    config.TWILIO_ACCOUNT_SID && config.TWILIO_AUTH_TOKEN
      ? [
          new TwilioCallLookup({
            accountSid: config.TWILIO_ACCOUNT_SID,
            authToken: config.TWILIO_AUTH_TOKEN,
            apiBaseUrl: config.TWILIO_API_BASE_URL,
            timeoutMs: config.DETECTOR_CARRIER_LOOKUP_TIMEOUT_MS,
          }),
        ]
      : [];

  return new CarrierLookupRegistry(lookups);
}

@Module({})
export class DetectorModule implements OnModuleInit {
  constructor(
    @Inject(ConsumerHost) private readonly consumers: ConsumerHost,
    @Inject(RecordCallEventHandler) private readonly recordEvent: RecordCallEventHandler,
    @Inject(EraseCallerHandler) private readonly eraseCaller: EraseCallerHandler,
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
        { provide: CarrierLookupRegistry, useValue: carrierLookups(config) },
        databaseProvider({
          url: config.DATABASE_URL,
          schema: 'detector',
          entities: [],
          migrations: [CreateCallTracking1733300000000, AddHoldsLookupsRetention1733400000000],
        }),
        RecordCallEventHandler,
        SilentCallResolver,
        CallbackHold,
        VerdictPublisher,
        VerdictSweeper,
        EraseCallerHandler,
        RetentionSweeper,
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
    this.consumers.add({
      groupId: DETECTOR_PRIVACY_GROUP,
      topic: 'privacyRequests',
      schema: PrivacyRequestSchema,
      handle: (request) => this.eraseCaller.handle(request),
    });
  }
}
