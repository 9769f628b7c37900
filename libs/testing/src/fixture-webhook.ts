import type { FixtureRequest } from './fixture-corpus';
import { fixtureBodyBytes } from './fixture-corpus';

/** A fixture request as ingest's intake sees it (the shape of InboundWebhook). */
export function fixtureToInboundWebhook(request: FixtureRequest, receivedAt: Date) {
  const url = new URL(request.url);
  const headers = Object.fromEntries(
    Object.entries(request.headers ?? {}).map(([name, value]) => [
      name.toLowerCase(),
      String(value),
    ]),
  );

  return {
    method: request.method,
    publicUrl: request.url,
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    headers,
    rawBody: fixtureBodyBytes(request),
    contentType: (request.content_type ?? headers['content-type'] ?? '')
      .split(';')[0]
      .trim()
      .toLowerCase(),
    receivedAt,
  };
}
