import { ThreeCxWebhookAdapter } from './3cx/three-cx-webhook.adapter';
import { AsteriskAmiAdapter } from './asterisk/asterisk-ami.adapter';
import { BirdAdapter } from './bird/bird.adapter';
import type { CarrierAdapter } from './carrier-adapter';
import { FreeswitchCdrAdapter } from './freeswitch/freeswitch-cdr.adapter';
import { MessageBirdSmsStatusAdapter } from './messagebird/messagebird-sms-status.adapter';
import { PlivoVoiceAdapter } from './plivo/plivo-voice.adapter';
import { SipgateEventsAdapter } from './sipgate/sipgate-events.adapter';
import { TelnyxCallControlAdapter } from './telnyx/telnyx-call-control.adapter';
import { TwilioSmsAdapter } from './twilio/twilio-sms.adapter';
import { TwilioVoiceAdapter } from './twilio/twilio-voice.adapter';
import { VonageVoiceAdapter } from './vonage/vonage-voice.adapter';

/** Every carrier adapter ingest knows, by the routes it answers. */
export class AdapterRegistry {
  private readonly byRoute = new Map<string, CarrierAdapter>();

  constructor(adapters: CarrierAdapter[] = defaultAdapters()) {
    for (const adapter of adapters) {
      for (const route of adapter.routes) {
        if (this.byRoute.has(route)) {
          throw new Error(`two adapters claim route ${route}`);
        }
        this.byRoute.set(route, adapter);
      }
    }
  }

  forPath(path: string): CarrierAdapter | undefined {
    return this.byRoute.get(path.replace(/\/+$/, ''));
  }

  routes(): string[] {
    return [...this.byRoute.keys()].sort();
  }
}

export function defaultAdapters(): CarrierAdapter[] {
  return [
    new TwilioVoiceAdapter(),
    new TwilioSmsAdapter(),
    new VonageVoiceAdapter(),
    new TelnyxCallControlAdapter(),
    new PlivoVoiceAdapter(),
    new SipgateEventsAdapter(),
    new MessageBirdSmsStatusAdapter(),
    new BirdAdapter(),
    new FreeswitchCdrAdapter(),
    new ThreeCxWebhookAdapter(),
    new AsteriskAmiAdapter(),
  ];
}
