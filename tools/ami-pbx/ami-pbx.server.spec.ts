import { AmiClient } from '../../apps/ingest/src/carriers/asterisk/ami-client';
import { AmiPbxServer } from './ami-pbx.server';
import { amiScenarioFrames } from './ami-scenario';

describe('AmiPbxServer', () => {
  it('should log our AMI client in and play it the frames in order', async () => {
    const sut = new AmiPbxServer({ username: 'rebound', secret: 's3cret' });
    const port = await sut.listen(0);
    const client = new AmiClient({
      host: '127.0.0.1',
      port,
      username: 'rebound',
      secret: 's3cret',
    });
    const events: Array<Record<string, string>> = [];
    client.on('event', (frame: Record<string, string>) => events.push(frame));
    client.start();
    await sut.waitForLogin(5_000);
    await sut.play([
      'Event: Newchannel\nLinkedid: 1.1\n',
      'Event: Hangup\r\nLinkedid: 1.1\r\n\r\n',
    ]);
    await waitFor(() => events.length === 2);
    client.stop();
    await sut.close();

    expect(events).toEqual([
      { Event: 'Newchannel', Linkedid: '1.1' },
      { Event: 'Hangup', Linkedid: '1.1' },
    ]);
  });

  it('should refuse a login with the wrong secret', async () => {
    const sut = new AmiPbxServer({ username: 'rebound', secret: 's3cret' });
    const port = await sut.listen(0);
    const client = new AmiClient({
      host: '127.0.0.1',
      port,
      username: 'rebound',
      secret: 'wrong',
      initialBackoffMs: 60_000,
    });
    client.on('error', () => undefined);
    const closed = new Promise<void>((resolve) => client.once('disconnected', resolve));
    client.start();
    await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 500))]);
    client.stop();
    await sut.close();

    expect(sut.loggedInClients).toBe(0);
    expect(client.connected).toBe(false);
  });
});

describe('amiScenarioFrames', () => {
  it('should prefix every channel id with the system name and name the call ids', () => {
    const { frames, callIds } = amiScenarioFrames(
      [
        'Event: DialBegin\r\nUniqueid: 1.84\r\nLinkedid: 1.84\r\nDestUniqueid: 1.85\r\nExten: 202\r\n',
      ],
      'replay7',
    );

    expect(frames[0]).toBe(
      'Event: DialBegin\r\nUniqueid: replay7-1.84\r\nLinkedid: replay7-1.84\r\nDestUniqueid: replay7-1.85\r\nExten: 202\r\n',
    );
    expect(callIds).toEqual(['replay7-1.84']);
  });

  it("should take a CDR row's UniqueID as the call id when no Linkedid is there", () => {
    const { callIds } = amiScenarioFrames(['Event: Cdr\r\nUniqueID: 1.84\r\n'], 'r1');

    expect(callIds).toEqual(['r1-1.84']);
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  for (let attempt = 0; attempt < 100 && !condition(); attempt += 1) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
