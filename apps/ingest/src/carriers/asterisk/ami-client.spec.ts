import { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import { AmiClient } from './ami-client';

/** A fake socket: records writes, lets the test push data and close it. */
class FakeSocket extends EventEmitter {
  written: string[] = [];
  destroyed = false;
  setEncoding(): this {
    return this;
  }
  write(data: string): boolean {
    this.written.push(data);

    return true;
  }
  destroy(): this {
    this.destroyed = true;
    this.emit('close');

    return this;
  }
}

describe('AmiClient', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  function setup() {
    const sockets: FakeSocket[] = [];
    const sut = new AmiClient({
      host: '127.0.0.1',
      port: 5038,
      username: 'rebound',
      secret: 's3cret',
      initialBackoffMs: 100,
      maxBackoffMs: 400,
      connectSocket: () => {
        const socket = new FakeSocket();
        sockets.push(socket);

        return socket as unknown as Socket;
      },
    });
    sut.on('error', () => undefined);

    return { sut, sockets };
  }

  it('should log in on connect and emit parsed events after a successful login', () => {
    const { sut, sockets } = setup();
    const events: Array<Record<string, string>> = [];
    sut.on('event', (frame) => events.push(frame));
    sut.start();
    sockets[0].emit('connect');
    expect(sockets[0].written[0]).toContain('Action: Login\r\n');
    expect(sockets[0].written[0]).toContain('Username: rebound\r\nSecret: s3cret\r\n');
    sockets[0].emit(
      'data',
      'Asterisk Call Manager/5.0.2\r\nResponse: Success\r\nActionID: rebound-login\r\n\r\nEvent: Hang',
    );
    sockets[0].emit('data', 'up\r\nLinkedid: 1.2\r\n\r\n');
    expect(sut.connected).toBe(true);
    expect(events).toEqual([{ Event: 'Hangup', Linkedid: '1.2' }]);
    sut.stop();
  });

  it('should reconnect with capped exponential backoff until stopped', () => {
    const { sut, sockets } = setup();
    expect([0, 1, 2, 3, 10].map((attempt) => sut.backoffMs(attempt))).toEqual([
      100, 200, 400, 400, 400,
    ]);
    sut.start();
    sockets[0].emit('close');
    jest.advanceTimersByTime(99);
    expect(sockets).toHaveLength(1);
    jest.advanceTimersByTime(1);
    expect(sockets).toHaveLength(2);
    sockets[1].emit('close');
    jest.advanceTimersByTime(200);
    expect(sockets).toHaveLength(3);
    sut.stop();
    jest.advanceTimersByTime(10_000);
    expect(sockets).toHaveLength(3);
  });

  it('should drop the connection when the login is refused', () => {
    const { sut, sockets } = setup();
    sut.start();
    sockets[0].emit('connect');
    sockets[0].emit(
      'data',
      'Response: Error\r\nActionID: rebound-login\r\nMessage: Authentication failed\r\n\r\n',
    );
    expect(sockets[0].destroyed).toBe(true);
    expect(sut.connected).toBe(false);
    sut.stop();
  });
});
