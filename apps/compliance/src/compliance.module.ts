import { Inject, Module, type DynamicModule, type OnModuleInit } from '@nestjs/common';
import {
  CallVerdictSchema,
  InboundSmsSchema,
  OptOutCommandSchema,
  PrivacyRequestSchema,
  SmsStatusSchema,
} from '@rebound/contracts';
import { ConfigError, TenantDirectory } from '@rebound/config';
import {
  Clock,
  ConsumerHost,
  LOGGER,
  ServiceKitModule,
  databaseProvider,
} from '@rebound/service-kit';
import type { Logger } from '@rebound/telemetry';
import { complianceDatabase } from './persistence/compliance.database';
import type { ComplianceConfig } from './compliance.config';
import { COMPLIANCE_CONFIG } from './compliance.tokens';
import { DecideMissedCallHandler } from './deciding/decide-missed-call.handler';
import { DecisionPublisher } from './deciding/decision.publisher';
import { CallerContacts } from './deferring/caller-contacts';
import { DeferredTextReleaser } from './deferring/deferred-text.releaser';
import { RecordCallContactHandler } from './deferring/record-call-contact.handler';
import { ApplyOptOutCommandHandler } from './opt-out/apply-opt-out-command.handler';
import { RecordInboundTextHandler } from './opt-out/record-inbound-text.handler';
import { EraseCallerHandler } from './privacy/erase-caller.handler';
import { RetentionSweeper } from './privacy/retention.sweeper';
import { auditTenant, describeFinding } from './templates/tenant-settings.audit';

export const COMPLIANCE_GROUP = 'rebound-compliance';

@Module({})
export class ComplianceModule implements OnModuleInit {
  constructor(
    @Inject(ConsumerHost) private readonly consumers: ConsumerHost,
    @Inject(TenantDirectory) private readonly tenants: TenantDirectory,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(DecideMissedCallHandler) private readonly decide: DecideMissedCallHandler,
    @Inject(RecordInboundTextHandler) private readonly inbound: RecordInboundTextHandler,
    @Inject(RecordCallContactHandler) private readonly contacts: RecordCallContactHandler,
    @Inject(ApplyOptOutCommandHandler) private readonly operator: ApplyOptOutCommandHandler,
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
        databaseProvider(complianceDatabase(config.DATABASE_URL)),
        DecisionPublisher,
        DecideMissedCallHandler,
        CallerContacts,
        RecordCallContactHandler,
        DeferredTextReleaser,
        RecordInboundTextHandler,
        ApplyOptOutCommandHandler,
        EraseCallerHandler,
        RetentionSweeper,
      ],
    };
  }

  onModuleInit(): void {
    this.auditTenants();
    this.consumers.add({
      groupId: COMPLIANCE_GROUP,
      topic: 'missedCalls',
      schema: CallVerdictSchema,
      handle: (verdict) => this.decide.handle(verdict),
    });
    this.consumers.add({
      groupId: `${COMPLIANCE_GROUP}-verdicts`,
      topic: 'callVerdicts',
      schema: CallVerdictSchema,
      handle: (verdict) => this.contacts.handle(verdict),
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
      groupId: `${COMPLIANCE_GROUP}-opt-out-commands`,
      topic: 'optOutCommands',
      schema: OptOutCommandSchema,
      handle: (command) => this.operator.handle(command),
    });
    this.consumers.add({
      groupId: `${COMPLIANCE_GROUP}-privacy`,
      topic: 'privacyRequests',
      schema: PrivacyRequestSchema,
      handle: (request) => this.privacy.handle(request),
    });
  }

  /** Templates, schedules and senders are checked once at start: errors stop the service. */
  private auditTenants(): void {
    const findings = this.tenants.all().flatMap((tenant) => auditTenant(tenant, this.clock.now()));
    for (const finding of findings.filter((item) => item.severity === 'warning')) {
      this.logger.warn(
        { tenant_id: finding.tenantId, subject: finding.subject, code: finding.code },
        'tenant settings warning',
      );
    }
    const errors = findings.filter((item) => item.severity === 'error').map(describeFinding);
    if (errors.length > 0) {
      throw new ConfigError(errors);
    }
  }
}
