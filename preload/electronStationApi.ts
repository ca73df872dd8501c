import { contextBridge, ipcRenderer } from 'electron';
import { parseEvent, parseRequest, type EventName, type WindowRole } from './common/contract';
import { ipcChannels } from './common/ipcChannels';
import type { StationApi } from './common/stationApi';

/**
 * The narrow bridge a window gets as `window.station`: typed calls and events, validated on this
 * side too; ipcRenderer itself never reaches the page (contextIsolation and sandbox are on).
 */
export function exposeStationApi(role: WindowRole): void {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  ipcRenderer.on(ipcChannels.event, (_e, name: EventName, payload: unknown) => {
    const set = listeners.get(name);
    if (!set) return;
    const clean = parseEvent(name, payload);
    for (const l of set) l(clean);
  });

  const api: StationApi = {
    role,
    transport: 'electron',
    async call(name, payload) {
      parseRequest(name, role, payload);
      const result = await ipcRenderer.invoke(ipcChannels.call, name, payload);
      if (result.ok) return result.payload;
      const error = new Error(result.error.message) as Error & { code: string };
      error.code = result.error.code;
      throw error;
    },
    on(name, listener) {
      let set = listeners.get(name);
      if (!set) listeners.set(name, (set = new Set()));
      set.add(listener as (p: unknown) => void);
      return () => set!.delete(listener as (p: unknown) => void);
    },
    onConnection(listener) {
      listener(true);
      return () => undefined;
    },
  };
  contextBridge.exposeInMainWorld('station', api);
}
