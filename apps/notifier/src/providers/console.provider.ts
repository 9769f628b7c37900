import { randomUUID } from 'node:crypto';
import { maskPhone } from '@rebound/phone';
import type { Logger } from '@rebound/telemetry';
import type { OutgoingSms, ProviderAcceptance, SmsProvider } from './sms-provider';

/** Prints the text instead of sending it: the default for local runs. */
export class ConsoleProvider implements SmsProvider {
  readonly id = 'console';
  private readonly sent = new Map<string, ProviderAcceptance>();

  constructor(private readonly logger: Logger) {}

  send(message: OutgoingSms): Promise<ProviderAcceptance> {
    const acceptance: ProviderAcceptance = {
      providerMessageId: `console-${randomUUID()}`,
      status: 'sent',
      segments: null,
    };
    this.sent.set(message.reference, acceptance);
    this.logger.info(
      { reference: message.reference, to: maskPhone(message.to), body: message.body },
      'console provider: text not sent anywhere, printed instead',
    );

    return Promise.resolve(acceptance);
  }

  findSent(message: OutgoingSms): Promise<ProviderAcceptance | null> {
    return Promise.resolve(this.sent.get(message.reference) ?? null);
  }
}
