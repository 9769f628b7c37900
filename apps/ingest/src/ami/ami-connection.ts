import type { ResolvedCarrierAccount } from '../carriers/carrier-adapter';

/** One PBX ingest connects out to: where it dials, and the account the connection is. */
export interface AmiConnection {
  /** The carrier account's `account_id` (`host:port` of the PBX as the tenants file names it). */
  accountId: string;
  host: string;
  port: number;
  username: string;
  secret: string;
  initialBackoffMs: number;
  maxBackoffMs: number;
}

export interface AmiDialOverride {
  ASTERISK_AMI_HOST?: string;
  ASTERISK_AMI_PORT?: number;
  ASTERISK_AMI_USERNAME: string;
  ASTERISK_AMI_MAX_BACKOFF_MS: number;
}

const AMI_DEFAULT_PORT = 5038;

/**
 * The AMI connections for the Asterisk accounts whose secret resolved. The
 * dial address is the override, else the account's `host`/`port`; an
 * account with neither is not dialled (its `account_id` is an identity, and
 * guessing a host from it would aim at machines nobody configured).
 */
export function amiConnectionsOf(
  accounts: ResolvedCarrierAccount[],
  override: AmiDialOverride,
): { connections: AmiConnection[]; undialled: string[] } {
  const connections: AmiConnection[] = [];
  const undialled: string[] = [];
  for (const account of accounts) {
    const host = override.ASTERISK_AMI_HOST ?? account.host;
    if (!account.account_id || !host) {
      undialled.push(account.account_id ?? account.secret_env);
      continue;
    }
    connections.push({
      accountId: account.account_id,
      host,
      port: override.ASTERISK_AMI_PORT ?? account.port ?? AMI_DEFAULT_PORT,
      username: account.username ?? override.ASTERISK_AMI_USERNAME,
      secret: account.secret,
      initialBackoffMs: Math.min(1_000, override.ASTERISK_AMI_MAX_BACKOFF_MS),
      maxBackoffMs: override.ASTERISK_AMI_MAX_BACKOFF_MS,
    });
  }

  return { connections, undialled };
}

/** The `{host, port}` the intake names a frame's connection by: the account id, split. */
export function connectionIdentity(accountId: string): { host: string; port: number } {
  const colon = accountId.lastIndexOf(':');
  const port = Number(accountId.slice(colon + 1));

  return colon > 0 && Number.isInteger(port) && port > 0
    ? { host: accountId.slice(0, colon), port }
    : { host: accountId, port: AMI_DEFAULT_PORT };
}
