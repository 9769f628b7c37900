import { EventEmitter } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';

/** A login the fake PBX accepts: `Action: Login` with this Username and Secret. */
export interface AmiPbxCredentials {
  username: string;
  secret: string;
}

const BANNER = 'Asterisk Call Manager/5.0.2\r\n';

/**
 * The PBX side of the Asterisk Manager Interface, on loopback: greets each
 * connection with the `Asterisk Call Manager/…` banner, answers
 * `Action: Login` (Success for the configured credentials, Error
 * otherwise), answers `Action: Ping`, and plays the event frames it is
 * given to every logged-in client, in order. For the replay and tests;
 * it speaks just enough of AMI for ingest's client.
 *
 * Events: `login` (username) when a client logged in.
 */
export class AmiPbxServer extends EventEmitter {
  private server: Server | undefined;
  private readonly clients = new Set<Socket>();
  private readonly loggedIn = new Set<Socket>();

  constructor(private readonly credentials: AmiPbxCredentials) {
    super();
  }

  get port(): number {
    const address = this.server?.address();

    return typeof address === 'object' && address ? address.port : 0;
  }

  get loggedInClients(): number {
    return this.loggedIn.size;
  }

  async listen(port = 0, host = '127.0.0.1'): Promise<number> {
    const server = createServer((socket) => this.accept(socket));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });

    return this.port;
  }

  /** Resolves once at least one client is logged in, or rejects after `timeoutMs`. */
  waitForLogin(timeoutMs = 30_000): Promise<void> {
    if (this.loggedIn.size > 0) {
      return Promise.resolve();
    }

    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.off('login', onLogin);
        reject(new Error(`no AMI client logged in within ${timeoutMs} ms`));
      }, timeoutMs);
      const onLogin = () => {
        clearTimeout(timer);
        resolve();
      };
      this.once('login', onLogin);
    });
  }

  /** Writes each frame (AMI text, blank-line terminated or not) to every logged-in client. */
  async play(frames: string[]): Promise<void> {
    for (const frame of frames) {
      const text = `${frame.replace(/(\r?\n)+$/, '').replace(/\r?\n/g, '\r\n')}\r\n\r\n`;
      await Promise.all([...this.loggedIn].map((socket) => writeTo(socket, text)));
    }
  }

  async close(): Promise<void> {
    for (const socket of this.clients) {
      socket.destroy();
    }
    const server = this.server;
    this.server = undefined;
    if (server) {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }

  private accept(socket: Socket): void {
    this.clients.add(socket);
    socket.setEncoding('utf8');
    socket.write(BANNER);
    let buffer = '';
    socket.on('data', (chunk: string) => {
      buffer += chunk.replace(/\r\n/g, '\n');
      let end = buffer.indexOf('\n\n');
      while (end !== -1) {
        this.answer(socket, parseAction(buffer.slice(0, end)));
        buffer = buffer.slice(end + 2);
        end = buffer.indexOf('\n\n');
      }
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      this.clients.delete(socket);
      this.loggedIn.delete(socket);
    });
  }

  private answer(socket: Socket, action: Record<string, string>): void {
    const id = action.ActionID ? `ActionID: ${action.ActionID}\r\n` : '';
    switch (action.Action?.toLowerCase()) {
      case 'login':
        if (
          action.Username === this.credentials.username &&
          action.Secret === this.credentials.secret
        ) {
          socket.write(`Response: Success\r\n${id}Message: Authentication accepted\r\n\r\n`);
          this.loggedIn.add(socket);
          this.emit('login', action.Username);
        } else {
          socket.write(`Response: Error\r\n${id}Message: Authentication failed\r\n\r\n`);
        }

        return;
      case 'ping':
        socket.write(`Response: Success\r\n${id}Ping: Pong\r\n\r\n`);

        return;
      case 'logoff':
        socket.end(`Response: Goodbye\r\n${id}Message: Thanks for all the fish.\r\n\r\n`);

        return;
      default:
        socket.write(`Response: Error\r\n${id}Message: Invalid/unknown command\r\n\r\n`);
    }
  }
}

function parseAction(block: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const line of block.split('\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) {
      fields[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
    }
  }

  return fields;
}

function writeTo(socket: Socket, text: string): Promise<void> {
  return new Promise((resolve, reject) =>
    socket.write(text, (error) => (error ? reject(error) : resolve())),
  );
}
