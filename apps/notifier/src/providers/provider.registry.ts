import { ConfigError, type TenantDirectory } from '@rebound/config';
import type { Logger } from '@rebound/telemetry';
import { ConsoleProvider } from './console.provider';
import { MessageBirdProvider } from './messagebird.provider';
import type { SmsProvider } from './sms-provider';
import { TwilioProvider } from './twilio.provider';
import type { NotifierConfig } from '../notifier.config';

/** Credential names each provider needs; their values come from the environment. */
type Credentials = Record<string, string>;

type ProviderFactory = (credentials: Credentials) => SmsProvider;

/** A provider id and the credential names it needs, with the global env variables as defaults. */
interface ProviderKind {
  needs: Record<string, keyof NotifierConfig>;
  build: ProviderFactory;
}

/**
 * The providers this notifier can send through, by id and tenant. Each
 * tenant may bring its own account (`provider_credentials` naming env
 * variables); otherwise the global credentials are used. Everything is
 * resolved at start, so a missing variable stops the service with its
 * name, never its value. Credentials never travel in a Kafka payload.
 */
export class ProviderRegistry {
  private readonly shared = new Map<string, SmsProvider>();
  private readonly perTenant = new Map<string, SmsProvider>();

  constructor(providers: SmsProvider[], tenantProviders: Map<string, SmsProvider> = new Map()) {
    for (const provider of providers) {
      this.shared.set(provider.id, provider);
    }
    this.perTenant = tenantProviders;
  }

  static fromConfig(
    config: NotifierConfig,
    tenants: TenantDirectory,
    logger: Logger,
    env: NodeJS.ProcessEnv = process.env,
  ): ProviderRegistry {
    const kinds = providerKinds(config);
    const shared: SmsProvider[] = [new ConsoleProvider(logger)];
    for (const kind of Object.values(kinds)) {
      const credentials = fromConfig(config, kind.needs);
      if (credentials) {
        shared.push(kind.build(credentials));
      }
    }
    const problems: string[] = [];
    const perTenant = new Map<string, SmsProvider>();
    for (const tenant of tenants.all()) {
      for (const [providerId, names] of Object.entries(tenant.provider_credentials ?? {})) {
        const kind = kinds[providerId];
        if (!kind) {
          problems.push(
            `tenant ${tenant.id}: provider_credentials.${providerId}: unknown provider`,
          );
          continue;
        }
        const credentials = fromEnv(tenant.id, providerId, kind, names, env, problems);
        if (credentials) {
          perTenant.set(`${tenant.id}/${providerId}`, kind.build(credentials));
        }
      }
    }
    if (problems.length > 0) {
      throw new ConfigError(problems);
    }

    return new ProviderRegistry(shared, perTenant);
  }

  /** The tenant's own account of that provider, else the shared one. */
  get(id: string, tenantId?: string): SmsProvider | undefined {
    return (tenantId && this.perTenant.get(`${tenantId}/${id}`)) || this.shared.get(id);
  }

  ids(): string[] {
    return [...this.shared.keys()];
  }
}

function providerKinds(config: NotifierConfig): Record<string, ProviderKind> {
  const timeoutMs = config.NOTIFIER_PROVIDER_TIMEOUT_MS;

  return {
    twilio: {
      needs: { account_sid: 'TWILIO_ACCOUNT_SID', auth_token: 'TWILIO_AUTH_TOKEN' },
      build: (credentials) =>
        new TwilioProvider({
          accountSid: credentials.account_sid,
          authToken: credentials.auth_token,
          apiBaseUrl: config.TWILIO_API_BASE_URL,
          timeoutMs,
        }),
    },
    messagebird: {
      needs: { access_key: 'MESSAGEBIRD_ACCESS_KEY' },
      build: (credentials) =>
        new MessageBirdProvider({ accessKey: credentials.access_key, timeoutMs }),
    },
  };
}

function fromConfig(config: NotifierConfig, needs: ProviderKind['needs']): Credentials | null {
  const entries = Object.entries(needs).map(([name, variable]) => [name, config[variable]]);

  return entries.every(([, value]) => typeof value === 'string' && value.length > 0)
    ? (Object.fromEntries(entries) as Credentials)
    : null;
}

/** `names` maps e.g. `auth_token` to the env variable holding it (`auth_token_env` also accepted). */
function fromEnv(
  tenantId: string,
  providerId: string,
  kind: ProviderKind,
  names: Record<string, string>,
  env: NodeJS.ProcessEnv,
  problems: string[],
): Credentials | null {
  const credentials: Credentials = {};
  for (const credential of Object.keys(kind.needs)) {
    const variable = names[credential] ?? names[`${credential}_env`];
    const value = variable ? env[variable] : undefined;
    if (!value) {
      problems.push(
        `tenant ${tenantId}: provider_credentials.${providerId}.${credential}: ` +
          (variable ? `environment variable ${variable} is not set` : 'missing'),
      );

      return null;
    }
    credentials[credential] = value;
  }

  return credentials;
}
