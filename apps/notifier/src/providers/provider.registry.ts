import type { Logger } from '@rebound/telemetry';
import { ConsoleProvider } from './console.provider';
import type { SmsProvider } from './sms-provider';
import { TwilioProvider } from './twilio.provider';
import type { NotifierConfig } from '../notifier.config';

/** The providers this notifier can send through, by id; built from configuration at start. */
export class ProviderRegistry {
  private readonly providers = new Map<string, SmsProvider>();

  constructor(providers: SmsProvider[]) {
    for (const provider of providers) {
      this.providers.set(provider.id, provider);
    }
  }

  static fromConfig(config: NotifierConfig, logger: Logger): ProviderRegistry {
    const providers: SmsProvider[] = [new ConsoleProvider(logger)];
    if (config.TWILIO_ACCOUNT_SID && config.TWILIO_AUTH_TOKEN) {
      providers.push(
        new TwilioProvider({
          accountSid: config.TWILIO_ACCOUNT_SID,
          authToken: config.TWILIO_AUTH_TOKEN,
          apiBaseUrl: config.TWILIO_API_BASE_URL,
        }),
      );
    }

    return new ProviderRegistry(providers);
  }

  get(id: string): SmsProvider | undefined {
    return this.providers.get(id);
  }

  ids(): string[] {
    return [...this.providers.keys()];
  }
}
