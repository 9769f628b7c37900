import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

export interface RecordedMessageBirdMessage {
  id: string;
  originator: string;
  recipient: string;
  body: string;
  reference: string | null;
  reportUrl: string | null;
  datacoding: string;
  createdDatetime: string;
}

/**
 * A local server that speaks the part of MessageBird's legacy REST API
 * (rest.messagebird.com) Rebound uses: create, list and read messages. It
 * checks the `AccessKey` header, answers errors in MessageBird's
 * `{"errors": [{code, description, parameter}]}` shape, and can be told to
 * fail or go down. The messagebird SDK cannot be aimed at it by
 * configuration; see messagebird-https.interceptor.ts.
 */
export class FakeMessageBirdServer {
  readonly messages: RecordedMessageBirdMessage[] = [];
  createAttempts = 0;
  private down = false;
  private server: Server | undefined;

  constructor(private readonly accessKey: string) {}

  async listen(port = 0, host = '127.0.0.1'): Promise<number> {
    this.server = createServer((request, response) => void this.route(request, response));
    await new Promise<void>((resolve) => this.server?.listen(port, host, resolve));
    const address = this.server.address();

    return typeof address === 'object' && address ? address.port : port;
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  setDown(down: boolean): void {
    this.down = down;
  }

  private async route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const body = await readBody(request);
    if (this.down) {
      return fail(response, 500, 99, 'Internal error');
    }
    if (request.headers.authorization !== `AccessKey ${this.accessKey}`) {
      return fail(response, 401, 2, 'Request not allowed (incorrect access_key)');
    }
    if (url.pathname === '/messages' && request.method === 'POST') {
      return this.create(JSON.parse(body || '{}') as Record<string, unknown>, response);
    }
    if (url.pathname === '/messages' && request.method === 'GET') {
      const limit = Number(url.searchParams.get('limit') ?? 20);
      const items = this.messages.slice(-limit).reverse().map(toResource);

      return send(response, 200, { offset: 0, limit, count: items.length, items });
    }
    const read = url.pathname.match(/^\/messages\/(\w+)$/);
    const found = read && this.messages.find((message) => message.id === read[1]);
    if (found && request.method === 'GET') {
      return send(response, 200, toResource(found));
    }
    fail(response, 404, 20, 'message not found');
  }

  private create(params: Record<string, unknown>, response: ServerResponse): void {
    this.createAttempts += 1;
    const recipient = String(params.recipients ?? '');
    if (!/^[1-9]\d{6,14}$/.test(recipient)) {
      return fail(response, 422, 9, 'no (correct) recipients found', 'recipients');
    }
    const message: RecordedMessageBirdMessage = {
      id: randomBytes(16).toString('hex'),
      originator: String(params.originator ?? ''),
      recipient,
      body: String(params.body ?? ''),
      reference: typeof params.reference === 'string' ? params.reference : null,
      reportUrl: typeof params.reportUrl === 'string' ? params.reportUrl : null,
      datacoding: String(params.datacoding ?? 'plain'),
      createdDatetime: new Date().toISOString().replace(/\.\d{3}Z$/, '+00:00'),
    };
    this.messages.push(message);
    send(response, 201, toResource(message));
  }
}

function toResource(message: RecordedMessageBirdMessage) {
  return {
    id: message.id,
    href: `https://rest.messagebird.com/messages/${message.id}`,
    direction: 'mt',
    type: 'sms',
    originator: message.originator,
    body: message.body,
    reference: message.reference,
    reportUrl: message.reportUrl,
    validity: null,
    gateway: 10,
    typeDetails: {},
    datacoding: message.datacoding,
    mclass: 1,
    scheduledDatetime: null,
    createdDatetime: message.createdDatetime,
    recipients: {
      totalCount: 1,
      totalSentCount: 1,
      totalDeliveredCount: 0,
      totalDeliveryFailedCount: 0,
      items: [
        {
          recipient: Number(message.recipient),
          status: 'sent',
          statusDatetime: message.createdDatetime,
        },
      ],
    },
  };
}

function fail(
  response: ServerResponse,
  status: number,
  code: number,
  description: string,
  parameter: string | null = null,
): void {
  send(response, status, { errors: [{ code, description, parameter }] });
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'Content-Type': 'application/json' });
  response.end(JSON.stringify(body));
}
