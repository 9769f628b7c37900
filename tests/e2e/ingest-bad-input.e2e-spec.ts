import { request as httpRequest } from 'node:http';
import { IsolatedStack, waitFor } from '@rebound/testing';

jest.setTimeout(120_000);

/** Sends a body in chunks, without Content-Length, as a streaming client would. */
function postChunked(
  port: number,
  path: string,
  chunks: Buffer[],
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      {
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
      },
      (response) => {
        const parts: Buffer[] = [];
        response.on('data', (part: Buffer) => parts.push(part));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            body: Buffer.concat(parts).toString('utf8'),
          }),
        );
      },
    );
    request.on('error', reject);
    for (const chunk of chunks) {
      request.write(chunk);
    }
    request.end();
  });
}

describe('ingest answers what the sender got wrong with a 4xx and a reason', () => {
  const stack = new IsolatedStack({
    basePort: 3370,
    twilioApiBaseUrl: 'http://127.0.0.1:9',
    extraEnv: { INGEST_RATE_LIMIT_PER_SECOND: '5' },
  });
  const port = 3370;

  beforeAll(async () => {
    stack.startService('ingest');
    await waitFor(
      () =>
        fetch(`http://127.0.0.1:${port}/health/live`).then(
          (r) => r.ok,
          () => false,
        ),
      60_000,
    );
  });

  afterAll(async () => {
    await stack.stop();
  });

  it('should refuse an oversized chunked body with 413, not a reset connection', async () => {
    const chunk = Buffer.alloc(64 * 1024, 'a');

    const response = await postChunked(port, '/webhooks/twilio/voice/status', Array(8).fill(chunk));

    expect(response.status).toBe(413);
    expect(JSON.parse(response.body)).toMatchObject({ error: 'payload_too_large' });
  });

  it('should refuse a compressed body with 415', async () => {
    const response = await fetch(`http://127.0.0.1:${port}/v1/call-events`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'content-encoding': 'gzip',
        authorization: 'Bearer fixture',
      },
      body: '{}',
    });

    expect(response.status).toBe(415);
    expect(await response.json()).toMatchObject({ error: 'unsupported_encoding' });
  });

  it('should refuse a method no carrier uses with 405', async () => {
    const response = await fetch(`http://127.0.0.1:${port}/webhooks/twilio/voice/status`, {
      method: 'DELETE',
    });

    expect(response.status).toBe(405);
    expect(await response.json()).toMatchObject({ error: 'method_not_allowed' });
  });

  it('should answer a flood from one source with 429 and Retry-After', async () => {
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let attempt = 0; attempt < 40; attempt += 1) {
      const response = await fetch(`http://127.0.0.1:${port}/webhooks/twilio/voice/status`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'CallSid=x',
      });
      await response.arrayBuffer();
      statuses.push(response.status);
      retryAfter ??= response.status === 429 ? response.headers.get('retry-after') : null;
    }

    expect(statuses).toContain(429);
    expect(statuses.every((status) => status >= 400 && status < 500)).toBe(true);
    expect(retryAfter).toBe('1');
  });
});
