import { contextBridge, ipcRenderer } from 'electron';
import { responseOf } from './common/callResult';
import { parseRequest, type EventName, type WindowRole } from './common/contract';
import { createEventListeners } from './common/eventListeners';
import { ipcChannels } from './common/ipcChannels';
import type { StationApi } from './common/stationApi';

/**
 * The narrow bridge a window gets as `window.station`: typed calls and events, validated on this
 * side too; ipcRenderer itself never reaches the page (contextIsolation and sandbox are on).
 */
export function exposeStationApi(role: WindowRole): void {
  const events = createEventListeners();
  ipcRenderer.on(ipcChannels.event, (_e, name: EventName, payload: unknown) => events.deliver(name, payload));

  const api: StationApi = {
    role,
    transport: 'electron',
    async call(name, payload) {
      parseRequest(name, role, payload);
      return responseOf(name, await ipcRenderer.invoke(ipcChannels.call, name, payload));
    },
    on: events.on,
    onConnection(listener) {
      listener(true);
      return () => undefined;
    },
  };
  contextBridge.exposeInMainWorld('station', api);
}
