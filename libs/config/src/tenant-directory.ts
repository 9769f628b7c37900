import { readFileSync } from 'node:fs';
import { load as parseYaml } from 'js-yaml';
import { ConfigError } from './env';
import {
  TenantsFileSchema,
  type CarrierAccount,
  type Tenant,
  type TenantsFile,
} from './tenant.schema';

/**
 * The tenants and carrier accounts, read from a YAML or JSON file at start.
 * Looks tenants up by id and by any number they own.
 */
export class TenantDirectory {
  private readonly byId = new Map<string, Tenant>();
  private readonly byNumber = new Map<string, Tenant>();

  constructor(readonly file: TenantsFile) {
    for (const tenant of file.tenants) {
      if (this.byId.has(tenant.id)) {
        throw new ConfigError([`tenants: id ${tenant.id} appears twice`]);
      }
      this.byId.set(tenant.id, tenant);
      for (const number of tenant.numbers) {
        if (this.byNumber.has(number)) {
          throw new ConfigError([
            `tenants: a number of tenant ${tenant.id} belongs to another tenant too`,
          ]);
        }
        this.byNumber.set(number, tenant);
      }
    }
  }

  static fromFile(path: string): TenantDirectory {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      throw new ConfigError([`REBOUND_TENANTS_FILE: cannot read ${path}`]);
    }

    return TenantDirectory.fromText(text, path);
  }

  static fromText(text: string, origin = 'tenants file'): TenantDirectory {
    const raw = origin.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
    const result = TenantsFileSchema.safeParse(raw);
    if (!result.success) {
      throw new ConfigError(
        result.error.issues.map((issue) => `${origin}: ${issue.path.join('.')}: ${issue.message}`),
      );
    }

    return new TenantDirectory(result.data);
  }

  get(id: string): Tenant | undefined {
    return this.byId.get(id);
  }

  findByNumber(e164: string | null | undefined): Tenant | undefined {
    return e164 ? this.byNumber.get(e164) : undefined;
  }

  all(): Tenant[] {
    return [...this.byId.values()];
  }

  /**
   * The tenant a webhook belongs to, from the adapter's hints in order: a
   * number the tenant owns, its forward-to or business lines, or
   * `account:<id>` for a carrier account dedicated to one tenant.
   */
  resolve(carrier: string, hints: string[]): Tenant | undefined {
    for (const hint of hints) {
      const tenant = hint.startsWith('account:')
        ? this.byAccount(carrier, hint.slice('account:'.length))
        : (this.byNumber.get(hint) ?? this.byOwnLine(hint));
      if (tenant) {
        return tenant;
      }
    }

    return undefined;
  }

  private byOwnLine(e164: string): Tenant | undefined {
    return this.all().find(
      (tenant) => tenant.forward_to === e164 || tenant.business_lines.includes(e164),
    );
  }

  private byAccount(carrier: string, accountId: string): Tenant | undefined {
    const account = this.carrierAccounts(carrier).find((item) => item.account_id === accountId);

    return account?.tenant_id ? this.byId.get(account.tenant_id) : undefined;
  }

  carrierAccounts(carrier: string): CarrierAccount[] {
    return this.file.carrier_accounts.filter((account) => account.carrier === carrier);
  }
}
