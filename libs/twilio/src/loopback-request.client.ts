import RequestClient from 'twilio/lib/base/RequestClient';

/**
 * The Twilio SDK's own HTTP client, with the API host swapped for a base URL
 * of ours (a local server that speaks Twilio's API in tests and demos). The
 * SDK builds every request exactly as it would for api.twilio.com.
 */
export class LoopbackRequestClient extends RequestClient {
  constructor(private readonly baseUrl: string) {
    super();
  }

  override request<TData>(options: RequestClient.RequestOptions<TData>) {
    const target = new URL(options.uri);
    const base = new URL(this.baseUrl);
    target.protocol = base.protocol;
    target.host = base.host;

    return super.request<TData>({ ...options, uri: target.toString() });
  }
}
