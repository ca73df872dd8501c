import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseCommandArgs } from '../parseCommandArgs';
import { CliError, type CliCommand, type CliIo } from '../cliCommand';
import { ConfigError, listSettings, loadStationConfig, type LoadedConfig } from '../../config/loadStationConfig';
import { createFileLogger } from '../../logging/logger';
import { demoCredentialsVerdict } from '../../documents/demoCredentialPolicy';

/** Loads the configuration for a command; a bad one is one clear line and exit code 78 (EX_CONFIG). */
export function loadConfigOrFail(configFile: string | undefined, io: CliIo): LoadedConfig {
  try {
    return loadStationConfig({ file: configFile, env: io.env });
  } catch (err) {
    if (err instanceof ConfigError) throw new CliError(`configuration error: ${err.message}`, 78);
    throw err;
  }
}

const serve: CliCommand = {
  path: ['serve'],
  summary: 'Run the station headless: services and browser mode (teller and customer pages) until stopped',
  usage: '[--config file] [--host 127.0.0.1] [--port 8420] [--open-browser]',
  async run(args, io) {
    const { values } = parseCommandArgs(args, {
      config: { type: 'string' },
      host: { type: 'string' },
      port: { type: 'string' },
      'open-browser': { type: 'boolean' },
    }, false);
    const { config } = loadConfigOrFail(values.config, io);
    mkdirSync(config.storage.dir, { recursive: true, mode: 0o700 });
    const log = createFileLogger({ file: join(config.storage.dir, 'logs', 'station.log'), level: config.logging.level, maxFileBytes: config.logging.maxFileBytes, maxFiles: config.logging.maxFiles, echo: true });
    // Loaded here, not at the top: `station --help` and the small commands must not pay for the
    // whole station (pdf-lib, pdf.js, the AWS SDK) on every start.
    const { createStation } = await import('../../station');
    const { startBrowserModeServer } = await import('../../web/browserModeServer');
    const station = await createStation(config, log);
    const port = values.port !== undefined ? Number(values.port) : config.web.port;
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`--port: expected 0..65535, got '${values.port}'`, 2);
    let server;
    try {
      server = await startBrowserModeServer({ station, log, host: values.host ?? config.web.host, port, limits: { beforeHello: config.web.maxHelloBytes, customer: config.web.maxCustomerMessageBytes } });
    } catch (err) {
      await station.close();
      const e = err as NodeJS.ErrnoException;
      if (e.code === 'EADDRINUSE') throw new CliError(`port ${port} is in use: another station running? Use --port or STATION_WEB_PORT.`);
      throw new CliError(e.message);
    }
    io.stdout(`Signing Station ${config.station.id} (${config.station.branch}) is running in browser mode.\n`);
    io.stdout(`  teller:   ${server.tellerUrl}\n`);
    io.stdout(`  customer: ${server.customerUrl}\n`);
    if (station.endpoints.api) io.stdout(`  api:      ${station.endpoints.api}/v1/signing-requests\n`);
    if (station.endpoints.printer) io.stdout(`  printer:  ${station.endpoints.printer}\n`);
    io.stdout(`  storage:  ${config.storage.dir}\n`);
    io.stdout(`  node:     ${process.version} (${process.execPath})\n`);
    io.stdout(`  pen:      ${station.status().pen.device} (${station.status().pen.source})\n`);
    io.stdout('Stop with Ctrl+C.\n');
    if (values['open-browser'] && (io.env.DISPLAY || io.env.WAYLAND_DISPLAY || process.platform !== 'linux')) {
      const opener = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
      spawn(opener, [server.tellerUrl], { stdio: 'ignore', detached: true }).on('error', () => undefined).unref();
    }
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    io.stdout('Stopping…\n');
    await server.close();
    await station.close();
    return 0;
  },
};

const configCheck: CliCommand = {
  path: ['config', 'check'],
  summary: 'Validate the configuration (file + STATION_* environment) and print the effective settings',
  usage: '[--config file] [--list] [--json]',
  async run(args, io) {
    const { values } = parseCommandArgs(args, { config: { type: 'string' }, list: { type: 'boolean' }, json: { type: 'boolean' } }, false);
    if (values.list) {
      for (const s of listSettings()) io.stdout(`${s.setting.padEnd(28)} ${s.env.padEnd(36)} default ${JSON.stringify(s.default)}\n`);
      return 0;
    }
    const loaded = loadConfigOrFail(values.config, io);
    const shown = redactSecrets(loaded.config);
    // Valid settings that together cannot run a real branch (a real tenant with demo credentials).
    const { refusal, warning } = demoCredentialsVerdict(loaded.config);
    const problems = refusal ? [refusal] : [];
    const warnings = warning ? [warning] : [];
    const source = `${loaded.file ?? 'no file: defaults'}${loaded.overriddenBy.length ? `; from environment: ${loaded.overriddenBy.join(', ')}` : ''}`;
    if (values.json) io.stdout(JSON.stringify({ file: loaded.file ?? null, overriddenBy: loaded.overriddenBy, problems, warnings, config: shown }, null, 2) + '\n');
    else {
      io.stdout(problems.length ? `configuration NOT usable (${source}):\n${problems.map((p) => `  problem: ${p}\n`).join('')}` : `configuration OK (${source})\n`);
      for (const w of warnings) io.stderr(`WARNING: ${w}\n`);
      io.stdout(JSON.stringify(shown, null, 2) + '\n');
    }
    return problems.length ? 78 : 0;
  },
};

function redactSecrets<T>(config: T): T {
  return JSON.parse(JSON.stringify(config, (k, v) => (/password|secret/i.test(k) && v ? '[set]' : v)));
}

const doctor: CliCommand = {
  path: ['doctor'],
  summary: 'Show what the station finds: configuration, storage, pen devices, credentials, sync reachability',
  usage: '[--config file] [--json]',
  async run(args, io) {
    const { values } = parseCommandArgs(args, { config: { type: 'string' }, json: { type: 'boolean' } }, false);
    const { config } = loadConfigOrFail(values.config, io);
    const { stationDoctor } = await import('../../station/stationDoctor');
    const report = await stationDoctor(config);
    if (values.json) io.stdout(JSON.stringify(report, null, 2) + '\n');
    else for (const c of report.checks) io.stdout(`${!c.ok ? 'FAIL' : c.warn ? 'WARN' : 'ok  '}  ${c.name.padEnd(12)} ${c.detail}\n`);
    return report.checks.every((c) => c.ok) ? 0 : 1;
  },
};


export const stationCommands: CliCommand[] = [serve, configCheck, doctor];
