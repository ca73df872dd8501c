import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CliError, type CliCommand, type CliIo } from '../cliCommand';
import { createAccountService } from '../../accounts/accountService';
import { AccessDeniedError, requirePermission } from '../../accounts/roles';
import { createAuditTrail } from '../../privacy/auditTrail';
import { parseCommandArgs } from '../parseCommandArgs';
import { ConfigError, loadStationConfig } from '../../config/loadStationConfig';
import { apiScopes, ApiTokenStoreError, createFileApiTokenStore, type ApiScope } from '../../integrations/api/apiTokenStore';
import { apiTokenFile } from '../../integrations/integrationPaths';
import { silentLogger } from '../../logging/logger';
import { SftpExportRepository } from '../../integrations/sftp/sftpExportRepository';
import { createVaultWebhookOutbox } from '../../integrations/webhooks/vaultWebhookOutbox';
import { openStationVault } from '../../vault/openStationVault';

/**
 * Integration commands: API tokens for enterprise systems (create, list, revoke) and a check of the
 * SFTP export. Token secrets are printed once, at creation, and never stored.
 */
function configFor(file: string | undefined, io: CliIo) {
  try {
    return loadStationConfig({ file, env: io.env }).config;
  } catch (err) {
    if (err instanceof ConfigError) throw new CliError(`configuration error: ${err.message}`, 78);
    throw err;
  }
}

function tokenStore(configFile: string | undefined, io: CliIo) {
  return createFileApiTokenStore(apiTokenFile(configFor(configFile, io).storage.dir));
}

function readSecret(file: string | undefined): string {
  if (!file) throw new CliError('--secret-file is required (a file holding the password, or - for stdin)', 2);
  try {
    return readFileSync(file === '-' ? 0 : resolve(file), 'utf8').replace(/\r?\n$/, '');
  } catch (err) {
    throw new CliError(`--secret-file: cannot read ${file}: ${(err as Error).message}`, 2);
  }
}

const quiet = { info() {}, warn() {} };
const authOptions = { user: { type: 'string' }, 'secret-file': { type: 'string' } } as const;

/**
 * Token changes grant or take away access to the station, so an administrator signs in first (as for
 * any configuration change) and the change goes into the audit trail. A station without accounts yet
 * (first set-up, demo) lets it through, audited as 'bootstrap'.
 */
async function asAdministrator<T>(configFile: string | undefined, io: CliIo, values: { user?: string; 'secret-file'?: string }, action: string, work: () => { recordId: string; details: Record<string, unknown>; result: T }): Promise<T> {
  const config = configFor(configFile, io);
  const vault = await openStationVault(config).catch((err: Error) => {
    throw new CliError(`cannot open the vault in ${config.storage.dir}: ${err.message}`);
  });
  try {
    const audit = createAuditTrail(vault, { log: quiet });
    const accounts = createAccountService(vault, { log: quiet, audit });
    let actor = 'bootstrap';
    if (accounts.count() > 0) {
      if (!values.user) throw new CliError('--user and --secret-file are required: an administrator signs in to change API tokens', 2);
      const result = await accounts.signIn(values.user, readSecret(values['secret-file']), 'cli');
      if (!result.ok) throw new CliError('sign-in refused: wrong username or secret, or the account is disabled', 77);
      try {
        requirePermission(result.account, 'config.change');
      } catch (err) {
        if (err instanceof AccessDeniedError) throw new CliError(`refused: ${err.message}`, 77);
        throw err;
      }
      actor = result.account.username;
    }
    const { recordId, details, result } = work();
    audit.append({ actor, action, recordId, from: 'cli', details });
    return result;
  } finally {
    vault.close();
  }
}

function storeCall<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof ApiTokenStoreError) throw new CliError(err.message);
    throw err;
  }
}

const tokenCreate: CliCommand = {
  path: ['api', 'token', 'create'],
  summary: 'Make a bearer token for an integration (printed once; the station keeps only its hash)',
  usage: '--integration <name> [--scopes create,read,cancel] [--callback-hosts host[:port],10.1.2.0/24] [--expires-in-days N] [--json] [--user <admin> --secret-file <file|->] [--config file]',
  async run(args, io) {
    const { values } = parseCommandArgs(args, {
      integration: { type: 'string' }, scopes: { type: 'string' }, 'expires-in-days': { type: 'string' }, 'callback-hosts': { type: 'string' }, json: { type: 'boolean' }, config: { type: 'string' }, ...authOptions,
    }, false);
    if (!values.integration) throw new CliError('--integration <name> is required (the client system, e.g. crm or hotel-pms)', 2);
    const scopes = (values.scopes ?? apiScopes.join(',')).split(',').map((s) => s.trim()).filter(Boolean) as ApiScope[];
    const expiresInDays = values['expires-in-days'] === undefined ? undefined : Number(values['expires-in-days']);
    const callbackHosts = values['callback-hosts'] === undefined ? undefined : splitList(values['callback-hosts']);
    const created = await asAdministrator(values.config, io, values, 'api.token.created', () => {
      const made = storeCall(() => tokenStore(values.config, io).create({ integration: values.integration!, scopes, expiresInDays, callbackHosts }));
      return { recordId: made.record.id, details: { integration: made.record.integration, scopes: made.record.scopes, expiresAt: made.record.expiresAt ?? null, ...(callbackHosts ? { callbackHosts } : {}) }, result: made };
    });
    if (values.json) {
      io.stdout(JSON.stringify({ id: created.record.id, integration: created.record.integration, scopes: created.record.scopes, expiresAt: created.record.expiresAt ?? null, token: created.token, webhookSecret: created.webhookSecret ?? null }) + '\n');
      return 0;
    }
    io.stdout(`Token ${created.record.id} for '${created.record.integration}' (scopes: ${created.record.scopes.join(', ')}${created.record.expiresAt ? `; expires ${created.record.expiresAt}` : ''}):\n\n  ${created.token}\n\n`);
    if (created.webhookSecret) {
      io.stdout(`Webhook signing secret for '${created.record.integration}' (HMAC-SHA256, see docs/openapi.yaml):\n\n  ${created.webhookSecret}\n\n`);
    }
    io.stdout('Give these to the client system now: they are not shown again.\n');
    return 0;
  },
};

const splitList = (text: string) => text.split(',').map((h) => h.trim()).filter(Boolean);

const callbackHosts: CliCommand = {
  path: ['api', 'callback-hosts'],
  summary: "Show or set where an integration's webhooks may go (host names, host:port, addresses, CIDR ranges)",
  usage: '--integration <name> [--set host[:port],10.1.2.0/24,… | --clear] [--json] [--user <admin> --secret-file <file|->] [--config file]',
  async run(args, io) {
    const { values } = parseCommandArgs(args, {
      integration: { type: 'string' }, set: { type: 'string' }, clear: { type: 'boolean' }, json: { type: 'boolean' }, config: { type: 'string' }, ...authOptions,
    }, false);
    if (!values.integration) throw new CliError('--integration <name> is required', 2);
    if (values.set !== undefined && values.clear) throw new CliError('give --set or --clear, not both', 2);
    let hosts: string[];
    if (values.set !== undefined || values.clear) {
      const wanted = values.clear ? [] : splitList(values.set!);
      hosts = await asAdministrator(values.config, io, values, 'api.callback-hosts.set', () => ({
        recordId: values.integration!, details: { callbackHosts: wanted },
        result: storeCall(() => tokenStore(values.config, io).setCallbackHosts(values.integration!, wanted)),
      }));
    } else {
      hosts = storeCall(() => tokenStore(values.config, io).callbackHostsFor(values.integration!));
    }
    if (values.json) io.stdout(JSON.stringify({ integration: values.integration, callbackHosts: hosts }) + '\n');
    else io.stdout(hosts.length ? `Webhooks of '${values.integration}' may go to: ${hosts.join(', ')}\n` : `Webhooks of '${values.integration}' go nowhere: no callback hosts are listed.\n`);
    return 0;
  },
};

const tokenList: CliCommand = {
  path: ['api', 'token', 'list'],
  summary: 'List API tokens (id, integration, scopes, created, revoked); never the secrets',
  usage: '[--json] [--config file]',
  async run(args, io) {
    const { values } = parseCommandArgs(args, { json: { type: 'boolean' }, config: { type: 'string' } }, false);
    const tokens = storeCall(() => tokenStore(values.config, io).list()).map(({ secretSha256: _hash, ...t }) => t);
    if (values.json) {
      io.stdout(JSON.stringify(tokens) + '\n');
      return 0;
    }
    if (!tokens.length) {
      io.stdout('No API tokens. Make one with `station api token create --integration <name>`.\n');
      return 0;
    }
    for (const t of tokens) {
      const expired = t.expiresAt && Date.parse(t.expiresAt) <= Date.now();
      io.stdout(`${t.id}  ${t.integration.padEnd(20)} ${t.scopes.join(',').padEnd(18)} created ${t.createdAt}${t.expiresAt ? `  ${expired ? 'EXPIRED' : 'expires'} ${t.expiresAt}` : ''}${t.revokedAt ? `  REVOKED ${t.revokedAt}` : ''}\n`);
    }
    return 0;
  },
};

const tokenRevoke: CliCommand = {
  path: ['api', 'token', 'revoke'],
  summary: 'Revoke an API token at once (a running station refuses it from the next request)',
  usage: '<token-id> [--user <admin> --secret-file <file|->] [--config file]',
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, { config: { type: 'string' }, ...authOptions });
    if (positionals.length !== 1) throw new CliError('give exactly one token id (see `station api token list`)', 2);
    const id = positionals[0];
    if (!storeCall(() => tokenStore(values.config, io).list()).some((t) => t.id === id)) throw new CliError(`no token with id '${id}'`);
    const done = await asAdministrator(values.config, io, values, 'api.token.revoked', () => ({
      recordId: id, details: {}, result: storeCall(() => tokenStore(values.config, io).revoke(id)),
    }));
    if (!done) throw new CliError(`no token with id '${positionals[0]}'`);
    io.stdout(`Token ${positionals[0]} revoked.\n`);
    return 0;
  },
};

const exportSftpTest: CliCommand = {
  path: ['export', 'sftp'],
  summary: "Check the SFTP export: connect, show the server's host key fingerprint, log in, upload nothing",
  usage: '--test | --log [--pending] [--json] [--config file]',
  async run(args, io) {
    const { values } = parseCommandArgs(args, { test: { type: 'boolean' }, log: { type: 'boolean' }, pending: { type: 'boolean' }, json: { type: 'boolean' }, config: { type: 'string' } }, false);
    if (values.log) return exportLog(values, io);
    if (!values.test) throw new CliError('give --test (check the connection) or --log (what was exported); the running station does the exporting', 2);
    const config = configFor(values.config, io);
    const s = config.sftp;
    if (!s.host) throw new CliError('sftp.host is not set (STATION_SFTP_HOST)');
    let probe;
    try {
      const { probeSftpHostKey } = await import('../../integrations/sftp/sftpHostKeyProbe');
      probe = await probeSftpHostKey(s.host, s.port);
    } catch (err) {
      throw new CliError(`cannot reach ${s.host}:${s.port}: ${(err as Error).message}`);
    }
    io.stdout(`Server ${s.host}:${s.port} ${probe.serverIdent}\n  host key ${probe.hostKeySha256}\n`);
    if (!s.hostKeySha256) {
      io.stdout('No host key is pinned. If the archive\'s operator confirms this fingerprint, set\n' +
        `  sftp.hostKeySha256 = "${probe.hostKeySha256}"   (or STATION_SFTP_HOST_KEY_SHA256)\n`);
      return 1;
    }
    if (s.hostKeySha256 !== probe.hostKeySha256) {
      throw new CliError(`the server's host key ${probe.hostKeySha256} does NOT match the pinned ${s.hostKeySha256}: nothing will be exported`);
    }
    if (!s.username) throw new CliError('sftp.username is not set (STATION_SFTP_USERNAME)');
    const { createSftpExporter, HostKeyMismatchError } = await import('../../integrations/sftp/sftpExporter');
    const exporter = createSftpExporter({
      config: { host: s.host, port: s.port, username: s.username, privateKeyFile: s.privateKeyFile || undefined, password: s.password || undefined, hostKeySha256: s.hostKeySha256, remoteDir: s.remoteDir, tenant: config.station.tenant },
      log: silentLogger,
    });
    try {
      const info = await exporter.testConnection();
      io.stdout(`  pinned key matches; logged in as ${s.username}; remote folder ${info.remoteDir}\nSFTP export is ready.\n`);
      return 0;
    } catch (err) {
      if (err instanceof HostKeyMismatchError) throw new CliError(err.message);
      throw new CliError(`login as ${s.username} failed: ${(err as Error).message}`);
    } finally {
      exporter.close();
    }
  },
};

/** The SFTP export log from the vault (document ids, states, errors; no personal data). */
async function exportLog(values: { pending?: boolean; json?: boolean; config?: string }, io: CliIo): Promise<number> {
  const vault = await openStationVault(configFor(values.config, io));
  try {
    const rows = new SftpExportRepository(vault.sql).log(values.pending ? 'pending' : undefined);
    if (values.json) {
      io.stdout(JSON.stringify(rows) + '\n');
      return 0;
    }
    if (!rows.length) {
      io.stdout(values.pending ? 'Nothing waits to be exported.\n' : 'No SFTP exports yet.\n');
      return 0;
    }
    for (const r of rows) {
      io.stdout(`${r.created_at}  ${r.document_id.padEnd(38)} ${r.status.padEnd(8)} attempts ${r.attempts}${r.remote_path ? `  ${r.remote_path}` : ''}${r.status === 'pending' ? `  next ${r.next_attempt_at}` : ''}${r.last_error ? `  (${r.last_error})` : ''}\n`);
    }
    return 0;
  } finally {
    vault.close();
  }
}

const deliveries: CliCommand = {
  path: ['api', 'deliveries'],
  summary: 'The webhook delivery log: where each event went, attempts, last error (no personal data)',
  usage: '[--pending] [--json] [--config file]',
  async run(args, io) {
    const { values } = parseCommandArgs(args, { pending: { type: 'boolean' }, json: { type: 'boolean' }, config: { type: 'string' } }, false);
    const vault = await openStationVault(configFor(values.config, io));
    try {
      const all = createVaultWebhookOutbox(vault).list()
        .filter((d) => !values.pending || d.status === 'pending')
        .map(({ body: _body, ...d }) => d);
      if (values.json) {
        io.stdout(JSON.stringify(all) + '\n');
        return 0;
      }
      if (!all.length) {
        io.stdout(values.pending ? 'No webhook waiting to be delivered.\n' : 'No webhook deliveries yet.\n');
        return 0;
      }
      for (const d of all) {
        const last = d.attempts.at(-1);
        const lastText = last ? ` last ${last.at} ${last.httpStatus ?? ''}${last.error ? ` (${last.error})` : ''}` : '';
        io.stdout(`${d.createdAt}  ${d.type.padEnd(18)} ${d.status.padEnd(9)} ${d.owner.padEnd(16)} ${d.url}  attempts ${d.attempts.length}${lastText}${d.nextAttemptAt ? `  next ${d.nextAttemptAt}` : ''}\n`);
      }
      return 0;
    } finally {
      vault.close();
    }
  },
};

export const integrationCommands: CliCommand[] = [tokenCreate, tokenList, tokenRevoke, callbackHosts, deliveries, exportSftpTest];
