import { app, BrowserWindow, net, protocol, safeStorage, screen, type Display } from 'electron';
import { join, normalize, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadStationConfig, ConfigError } from '../config/loadStationConfig';
import { createFileLogger } from '../logging/logger';
import { createStation, type Station } from '../station';
import { contentSecurityPolicy } from '../../preload/common/contentSecurityPolicy';
import { pickCustomerDisplay } from './customerDisplay';
import { applySecurityBaseline } from './electronSecurity';
import { bindIpc } from './ipcBinding';
import { safeStorageProtector } from '../vault/secretProtector';

/**
 * The Electron shell: lifecycle, the two windows, displays, security and the IPC binding. Nothing
 * here decides anything about signing; it only wires the station (main/station.ts) to Electron.
 */
const appScheme = 'app';
const appOrigin = `${appScheme}://station`;
protocol.registerSchemesAsPrivileged([{ scheme: appScheme, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

if (!app.requestSingleInstanceLock()) app.quit();
app.enableSandbox();

const rendererDir = resolve(__dirname, '..', 'renderer', 'dist');
let station: Station | undefined;
let tellerWindow: BrowserWindow | undefined;
let customerWindow: BrowserWindow | undefined;

function serveAppProtocol() {
  protocol.handle(appScheme, async (request) => {
    const url = new URL(request.url);
    const file = normalize(join(rendererDir, decodeURIComponent(url.pathname)));
    if (!file.startsWith(rendererDir + sep)) return new Response('not found', { status: 404 });
    const response = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(response.headers);
    if (file.endsWith('.html')) headers.set('content-security-policy', contentSecurityPolicy());
    return new Response(response.body, { status: response.status, headers });
  });
}

function placeCustomerWindow(configured: string) {
  if (!customerWindow) return;
  const display: Display | undefined = pickCustomerDisplay(screen.getAllDisplays(), screen.getPrimaryDisplay().id, configured);
  if (display) {
    customerWindow.setBounds(display.bounds);
    customerWindow.setFullScreen(true);
  } else {
    customerWindow.setFullScreen(false);
  }
}

async function start() {
  let loaded;
  try {
    loaded = loadStationConfig();
  } catch (err) {
    const { dialog } = await import('electron');
    dialog.showErrorBox('Signing Station cannot start', err instanceof ConfigError ? err.message : String(err));
    app.exit(78);
    return;
  }
  const { config } = loaded;
  const log = createFileLogger({ file: join(config.storage.dir, 'logs', 'station.log'), level: config.logging.level, maxFileBytes: config.logging.maxFileBytes, maxFiles: config.logging.maxFiles });
  applySecurityBaseline(appOrigin);
  serveAppProtocol();
  // The vault's offline copy of the tenant key is protected by the OS keystore (DPAPI, Keychain,
  // libsecret); browser mode and the CLI fall back to a clearly labelled file key.
  const protector = safeStorage.isEncryptionAvailable() ? safeStorageProtector(safeStorage) : undefined;
  if (!protector) log.warn('the OS keystore is not available: the vault key is protected by the weaker file key');
  station = await createStation(config, log, { protector });
  const ipc = bindIpc(station, appOrigin);

  tellerWindow = new BrowserWindow({ width: 1400, height: 900, title: 'Signing Station', webPreferences: { preload: join(__dirname, 'teller.cjs'), contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, disableBlinkFeatures: 'Auxclick', spellcheck: false, devTools: !app.isPackaged } });
  ipc.attach(tellerWindow.webContents, 'teller');
  await tellerWindow.loadURL(`${appOrigin}/teller/index.html`);

  const hasPenDisplay = Boolean(pickCustomerDisplay(screen.getAllDisplays(), screen.getPrimaryDisplay().id, config.display.customer));
  customerWindow = new BrowserWindow({ width: 1280, height: 800, frame: !hasPenDisplay, title: 'Signing Station — customer', webPreferences: { preload: join(__dirname, 'customer.cjs'), contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, disableBlinkFeatures: 'Auxclick', spellcheck: false, devTools: !app.isPackaged } });
  ipc.attach(customerWindow.webContents, 'customer');
  placeCustomerWindow(config.display.customer);
  await customerWindow.loadURL(`${appOrigin}/customer/index.html`);

  // Display hot-plug: the customer window follows the pen display when it comes back.
  for (const event of ['display-added', 'display-removed', 'display-metrics-changed'] as const) {
    screen.on(event as 'display-added', () => placeCustomerWindow(config.display.customer));
  }
  tellerWindow.on('closed', () => app.quit());
}

app.whenReady().then(start);
app.on('window-all-closed', () => app.quit());
app.on('before-quit', () => {
  station?.close().catch(() => undefined);
});
