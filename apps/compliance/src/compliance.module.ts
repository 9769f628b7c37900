import { Inject, Module, type DynamicModule, type OnModuleInit } from '@nestjs/common';
import {
  CallVerdictSchema,
  InboundSmsSchema,
  PrivacyRequestSchema,
  SmsStatusSchema,
} from '@rebound/contracts';
import { TenantDirectory } from '@rebound/config';
import { ConsumerHost, ServiceKitModule, databaseProvider } from '@rebound/service-kit';
import type { ComplianceConfig } from './compliance.config';
import { COMPLIANCE_CONFIG } from './compliance.tokens';
import { DecideMissedCallHandler } from './deciding/decide-missed-call.handler';
import { RecordInboundTextHandler } from './opt-out/record-inbound-text.handler';
import { EraseCallerHandler } from './privacy/erase-caller.handler';
import { CreateCompliance1733300000000 } from './persistence/migrations/1733300000000-create-compliance';

export const COMPLIANCE_GROUP = 'rebound-compliance';

@Module({})
export class ComplianceModule implements OnModuleInit {
  constructor(
    @Inject(ConsumerHost) private readonly consumers: ConsumerHost,
    @Inject(DecideMissedCallHandler) private readonly decide: DecideMissedCallHandler,
    @Inject(RecordInboundTextHandler) private readonly inbound: RecordInboundTextHandler,
    @Inject(EraseCallerHandler) private readonly privacy: EraseCallerHandler,
  ) {}

  static register(config: ComplianceConfig): DynamicModule {
    return {
      module: ComplianceModule,
      imports: [ServiceKitModule.forService('compliance')],
      providers: [
        { provide: COMPLIANCE_CONFIG, useValue: config },
        {
          provide: TenantDirectory,
          useValue: TenantDirectory.fromFile(config.REBOUND_TENANTS_FILE),
        },
        databaseProvider({
          url: config.DATABASE_URL,
          schema: 'compliance',
          entities: [],
          migrations: [CreateCompliance1733300000000],
        }),
        DecideMissedCallHandler,
        RecordInboundTextHandler,
        EraseCallerHandler,
      ],
    };
  }

  onModuleInit(): void {
    this.consumers.add({
      groupId: COMPLIANCE_GROUP,
      topic: 'missedCalls',
      schema: CallVerdictSchema,
      handle: (verdict) => this.decide.handle(verdict),
    });
    this.consumers.add({
      groupId: `${COMPLIANCE_GROUP}-inbound`,
      topic: 'inboundSms',
      schema: InboundSmsSchema,
      handle: (message) => this.inbound.handleText(message),
    });
    this.consumers.add({
      groupId: `${COMPLIANCE_GROUP}-sms-status`,
      topic: 'smsStatus',
      schema: SmsStatusSchema,
      handle: (status) => this.inbound.handleStatus(status),
    });
    this.consumers.add({
      groupId: `${COMPLIANCE_GROUP}-privacy`,
      topic: 'privacyRequests',
      schema: PrivacyRequestSchema,
      handle: (request) => this.privacy.handle(request),
    });
  }
}
