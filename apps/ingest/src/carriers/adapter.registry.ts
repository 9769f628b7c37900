import type { CarrierAdapter } from './carrier-adapter';
import { TwilioSmsAdapter } from './twilio/twilio-sms.adapter';
import { TwilioVoiceAdapter } from './twilio/twilio-voice.adapter';

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
  return [new TwilioVoiceAdapter(), new TwilioSmsAdapter()];
}
