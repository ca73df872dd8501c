import { ipcMain, type WebContents } from 'electron';
import type { WindowRole } from '../../preload/common/contract';
import type { Station } from '../station';
import { ipcChannels } from '../../preload/common/ipcChannels';
import { isAppOrigin } from './appOrigin';


/**
 * Electron's binding of the contract. The role of a request is the role of the window that sent it
 * (looked up by its WebContents, never taken from the message); a frame from anywhere but the app's
 * own origin is refused.
 */
export function bindIpc(station: Station, appOrigin: string) {
  const windows = new Map<number, { contents: WebContents; role: WindowRole }>();

  ipcMain.handle(ipcChannels.call, async (event, name: unknown, payload: unknown) => {
    const entry = windows.get(event.sender.id);
    if (!entry || !isAppOrigin(event.senderFrame?.url ?? '', appOrigin)) return { ok: false, error: { code: 'forbidden', message: 'unknown window' } };
    return station.dispatch(entry.role, name, payload);
  });

  const unsubscribe = station.events.subscribe((name, payload, to) => {
    for (const { contents, role } of windows.values()) if (to.includes(role) && !contents.isDestroyed()) contents.send(ipcChannels.event, name, payload);
  });

  return {
    attach(contents: WebContents, role: WindowRole) {
      windows.set(contents.id, { contents, role });
      contents.once('destroyed', () => windows.delete(contents.id));
    },
    dispose() {
      unsubscribe();
      ipcMain.removeHandler(ipcChannels.call);
    },
  };
}
