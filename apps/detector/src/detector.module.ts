import { Inject, Module, type DynamicModule, type OnModuleInit } from '@nestjs/common';
import { CallEventSchema, PrivacyRequestSchema } from '@rebound/contracts';
import { TenantDirectory } from '@rebound/config';
import { ConsumerHost, ServiceKitModule, databaseProvider } from '@rebound/service-kit';
import { detectorDatabase } from './persistence/detector.database';
import type { DetectorConfig } from './detector.config';
import { DETECTOR_CONFIG } from './detector.tokens';
import { CarrierLookupRegistry } from './carrier-lookup/carrier-lookup.registry';
import { TwilioCallLookup } from './carrier-lookup/twilio-call.lookup';
import { CallbackHold } from './holding/callback-hold';
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
        databaseProvider(detectorDatabase(config.DATABASE_URL)),
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
