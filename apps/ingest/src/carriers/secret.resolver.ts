import type { TenantDirectory } from '@rebound/config';
import type { ResolvedCarrierAccount } from './carrier-adapter';

export interface CarrierSecrets {
  forCarrier: (carrier: string) => ResolvedCarrierAccount[];
  /** Variables named in the tenants file but unset: those accounts cannot verify. */
  missing: string[];
}

/**
 * Resolves each carrier account's secret from the environment variable the
 * tenants file names. PEM keys may come with literal `\n` escapes (one-line
 * env files); they are turned back into newlines.
 */
export function resolveCarrierAccounts(directory: TenantDirectory, env: NodeJS.ProcessEnv): CarrierSecrets {
  const resolved: ResolvedCarrierAccount[] = [];
  const missing: string[] = [];
  for (const account of directory.file.carrier_accounts) {
    const value = env[account.secret_env];
    if (!value) {
      missing.push(account.secret_env);
      continue;
    }
    resolved.push({ ...account, secret: value.replace(/\\n/g, '\n') });
  }

  return {
    forCarrier: (carrier) => resolved.filter((account) => account.carrier === carrier),
    missing,
  };
}
