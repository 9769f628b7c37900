import type { ResolvedCarrierAccount } from '../carriers/carrier-adapter';
import { amiConnectionsOf, connectionIdentity } from './ami-connection';

const ACCOUNT: ResolvedCarrierAccount = {
  carrier: 'asterisk',
  account_id: 'pbx.example.internal:5038',
  tenant_id: 'praxis-mueller',
  secret_env: 'ASTERISK_AMI_SECRET',
  secret: 's3cret',
};

const DEFAULTS = { ASTERISK_AMI_USERNAME: 'rebound', ASTERISK_AMI_MAX_BACKOFF_MS: 30_000 };

describe('amiConnectionsOf', () => {
  it('should dial the override address but keep the account id as the connection name', () => {
    const { connections } = amiConnectionsOf([ACCOUNT], {
      ...DEFAULTS,
      ASTERISK_AMI_HOST: '127.0.0.1',
      ASTERISK_AMI_PORT: 15038,
    });

    expect(connections).toEqual([
      {
        accountId: 'pbx.example.internal:5038',
        host: '127.0.0.1',
        port: 15038,
        username: 'rebound',
        secret: 's3cret',
        initialBackoffMs: 1_000,
        maxBackoffMs: 30_000,
      },
    ]);
  });

  it("should dial the account's own host and port, and not dial an account with neither", () => {
    const own = { ...ACCOUNT, host: '127.0.0.2', port: 5039, username: 'pbx-user' };

    const result = amiConnectionsOf([own, ACCOUNT], DEFAULTS);

    expect(result.connections.map((item) => [item.host, item.port, item.username])).toEqual([
      ['127.0.0.2', 5039, 'pbx-user'],
    ]);
    expect(result.undialled).toEqual(['pbx.example.internal:5038']);
  });
});

describe('connectionIdentity', () => {
  it('should split host:port, defaulting to the AMI port', () => {
    expect(connectionIdentity('pbx.example.internal:5038')).toEqual({
      host: 'pbx.example.internal',
      port: 5038,
    });
    expect(connectionIdentity('pbx')).toEqual({ host: 'pbx', port: 5038 });
  });
});
