import type * as Electron from 'electron';

/**
 * A stand-in for the `electron` module, for loading the built Electron main bundle under plain Node
 * (test/build/electronBundle.test.ts): it implements only the members main/shell/ uses, records
 * what the shell does with them (windows and their web preferences, protocol handlers, permission
 * handlers), and each member is typed against Electron's own declarations below, so the stand-in
 * cannot drift from the API it stands for (tsc fails if a signature no longer matches).
 */

type Listener = (...args: any[]) => void;
type PermissionCheckHandler = (webContents: Electron.WebContents | null, permission: any, requestingOrigin: string, details: any) => boolean;
type BeforeRequestListener = (details: Electron.OnBeforeRequestListenerDetails, callback: (response: Electron.CallbackResponse) => void) => void;

function onBeforeRequest(filter: Electron.WebRequestFilter, listener: BeforeRequestListener | null): void;
function onBeforeRequest(listener: BeforeRequestListener | null): void;
function onBeforeRequest(a: Electron.WebRequestFilter | BeforeRequestListener | null, b?: BeforeRequestListener | null): void {
  recorded.beforeRequest = (typeof a === 'function' ? a : b) ?? undefined;
}

class Emitter {
  private readonly listeners = new Map<string, Listener[]>();
  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  once(event: string, listener: Listener): this {
    const once: Listener = (...args) => {
      this.listeners.set(event, (this.listeners.get(event) ?? []).filter((l) => l !== once));
      listener(...args);
    };
    return this.on(event, once);
  }
  emit(event: string, ...args: unknown[]): boolean {
    const ls = this.listeners.get(event) ?? [];
    for (const l of ls) l(...args);
    return ls.length > 0;
  }
}

/** What the shell did, for the test to read. */
export const recorded = {
  privilegedSchemes: [] as Electron.CustomScheme[],
  protocolHandlers: new Map<string, (request: Request) => Response | Promise<Response>>(),
  sandboxEnabled: false,
  windows: [] as BrowserWindow[],
  ipcHandlers: new Map<string, Listener>(),
  permissionRequestHandlerSet: false,
  permissionCheckHandler: undefined as undefined | PermissionCheckHandler,
  beforeRequest: undefined as undefined | BeforeRequestListener,
  errorBoxes: [] as { title: string; content: string }[],
  exitCode: undefined as number | undefined,
};

let nextContentsId = 1;

class WebContents extends Emitter {
  readonly id = nextContentsId++;
  windowOpenHandler: unknown;
  readonly sent: unknown[][] = [];
  isDestroyed(): boolean {
    return false;
  }
  send(channel: string, ...args: any[]): void {
    this.sent.push([channel, ...args]);
  }
  setWindowOpenHandler(handler: (details: Electron.HandlerDetails) => Electron.WindowOpenHandlerResponse): void {
    this.windowOpenHandler = handler;
  }
}

export class BrowserWindow extends Emitter {
  readonly webContents = new WebContents();
  readonly loadedUrls: string[] = [];
  bounds: Partial<Electron.Rectangle> | undefined;
  fullScreen = false;
  constructor(readonly options: Electron.BrowserWindowConstructorOptions = {}) {
    super();
    recorded.windows.push(this);
    app.emit('web-contents-created', {}, this.webContents);
  }
  async loadURL(url: string, _options?: Electron.LoadURLOptions): Promise<void> {
    this.loadedUrls.push(url);
  }
  setBounds(bounds: Partial<Electron.Rectangle>, _animate?: boolean): void {
    this.bounds = bounds;
  }
  setFullScreen(flag: boolean): void {
    this.fullScreen = flag;
  }
}

class App extends Emitter {
  readonly isPackaged = false;
  private readyResolve!: () => void;
  private readonly readyPromise = new Promise<void>((ok) => (this.readyResolve = ok));
  requestSingleInstanceLock(_additionalData?: Record<any, any>): boolean {
    return true;
  }
  enableSandbox(): void {
    recorded.sandboxEnabled = true;
  }
  whenReady(): Promise<void> {
    return this.readyPromise;
  }
  /** Not Electron's: the test says when the app is ready. */
  becomeReady(): void {
    this.readyResolve();
    this.emit('ready');
  }
  quit(): void {
    this.emit('before-quit', { preventDefault() {} });
  }
  exit(exitCode?: number): void {
    recorded.exitCode = exitCode ?? 0;
  }
}

export const app = new App();

export const protocol = {
  registerSchemesAsPrivileged(customSchemes: Electron.CustomScheme[]): void {
    recorded.privilegedSchemes.push(...customSchemes);
  },
  handle(scheme: string, handler: (request: GlobalRequest) => GlobalResponse | Promise<GlobalResponse>): void {
    recorded.protocolHandlers.set(scheme, handler);
  },
};

export const net = {
  fetch(input: string | GlobalRequest, init?: RequestInit & { bypassCustomProtocolHandlers?: boolean }): Promise<GlobalResponse> {
    return fetch(input, init);
  },
};

/** No OS keystore here: the shell must fall back to the file key and say so. */
export const safeStorage = {
  isEncryptionAvailable(): boolean {
    return false;
  },
  encryptString(_plainText: string): Buffer {
    throw new Error('safeStorage is not available in the stand-in');
  },
  decryptString(_encrypted: Buffer): string {
    throw new Error('safeStorage is not available in the stand-in');
  },
};

const onlyDisplay = { id: 1, bounds: { x: 0, y: 0, width: 1920, height: 1080 }, label: 'built-in', internal: true } as Electron.Display;

class Screen extends Emitter {
  getAllDisplays(): Electron.Display[] {
    return [onlyDisplay];
  }
  getPrimaryDisplay(): Electron.Display {
    return onlyDisplay;
  }
}
export const screen = new Screen();

export const dialog = {
  showErrorBox(title: string, content: string): void {
    recorded.errorBoxes.push({ title, content });
  },
};

class Session extends Emitter {
  readonly webRequest = { onBeforeRequest };
  setPermissionRequestHandler(handler: ((webContents: Electron.WebContents, permission: any, callback: (permissionGranted: boolean) => void, details: any) => void) | null): void {
    recorded.permissionRequestHandlerSet = handler !== null;
  }
  setPermissionCheckHandler(handler: PermissionCheckHandler | null): void {
    recorded.permissionCheckHandler = handler ?? undefined;
  }
  setDevicePermissionHandler(_handler: ((details: Electron.DevicePermissionHandlerHandlerDetails) => boolean) | null): void {}
}
export const session = { defaultSession: new Session() };

export const ipcMain = {
  handle(channel: string, listener: (event: Electron.IpcMainInvokeEvent, ...args: any[]) => Promise<any> | any): void {
    recorded.ipcHandlers.set(channel, listener);
  },
  removeHandler(channel: string): void {
    recorded.ipcHandlers.delete(channel);
  },
};

type GlobalRequest = globalThis.Request;
type GlobalResponse = globalThis.Response;

// The contract: each stand-in member is assignable to Electron's member of the same name, i.e. the
// shell can call it exactly as it calls Electron's. A change in electron.d.ts that the stand-in no
// longer matches is a type error here (checked by `npm test`'s typecheck).
type Members<T, K extends keyof T> = { [P in K]: T[P] };
export const contract = {
  app: app satisfies Members<Electron.App, 'requestSingleInstanceLock' | 'enableSandbox' | 'whenReady' | 'quit' | 'exit' | 'isPackaged'>,
  protocol: protocol satisfies Members<Electron.Protocol, 'registerSchemesAsPrivileged' | 'handle'>,
  net: net satisfies Members<Electron.Net, 'fetch'>,
  safeStorage: safeStorage satisfies Members<Electron.SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString'>,
  screen: screen satisfies Members<Electron.Screen, 'getAllDisplays' | 'getPrimaryDisplay'>,
  dialog: dialog satisfies Members<Electron.Dialog, 'showErrorBox'>,
  session: session.defaultSession satisfies Members<Electron.Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'>,
  webRequest: session.defaultSession.webRequest satisfies Members<Electron.WebRequest, 'onBeforeRequest'>,
  ipcMain: ipcMain satisfies Members<Electron.IpcMain, 'handle' | 'removeHandler'>,
  window: BrowserWindow.prototype satisfies Members<Electron.BrowserWindow, 'loadURL' | 'setBounds' | 'setFullScreen'>,
  webContents: WebContents.prototype satisfies Members<Electron.WebContents, 'isDestroyed' | 'send' | 'setWindowOpenHandler'>,
  windowOptions: null as unknown as ConstructorParameters<typeof Electron.BrowserWindow>[0] satisfies ConstructorParameters<typeof BrowserWindow>[0],
};
