import { app, session, type WebContents } from 'electron';
import { isAppOrigin } from './appOrigin';

/** USB vendors whose pen devices the customer page may open through WebHID (Wacom, Huion, XP-Pen, UGEE). */
const penVendorIds = new Set([0x056a, 0x256c, 0x28bd, 0x5543]);

/**
 * The Electron security baseline, applied before any window exists: nothing remote, no navigation,
 * no new windows, no webviews, every permission denied except HID for known pen vendors.
 */
export function applySecurityBaseline(appOrigin: string): void {
  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.on('will-navigate', (e, url) => {
      if (!isAppOrigin(url, appOrigin)) e.preventDefault();
    });
    contents.on('will-redirect', (e, url) => {
      if (!isAppOrigin(url, appOrigin)) e.preventDefault();
    });
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    contents.on('will-attach-webview', (e) => e.preventDefault());
  });

  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler((_wc, permission, origin) => permission === 'hid' && isAppOrigin(origin, appOrigin));
  ses.setDevicePermissionHandler((details) => details.deviceType === 'hid' && isAppOrigin(details.origin, appOrigin) && penVendorIds.has(Number((details.device as { vendorId?: number }).vendorId)));
  ses.on('select-hid-device', (event, details, callback) => {
    event.preventDefault();
    const pen = details.deviceList.find((d) => penVendorIds.has(d.vendorId));
    callback(pen?.deviceId);
  });
  ses.webRequest.onBeforeRequest((details, callback) => {
    // Only the app's own files and devtools; never the network.
    const allowed = isAppOrigin(details.url, appOrigin) || details.url.startsWith('devtools:') || details.url.startsWith('blob:') || details.url.startsWith('data:');
    callback({ cancel: !allowed });
  });
}
