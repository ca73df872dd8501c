import type { WindowRole } from '../../preload/common/contract';
import type { StationApi } from '../../preload/common/stationApi';
import { createWebSocketStationApi } from './webSocketStationApi';

declare global {
  interface Window {
    /** Exposed by the Electron preload (contextBridge); absent in browser mode. */
    station?: StationApi;
  }
}

/**
 * The window's one door to the station: Electron's preload bridge when present, otherwise browser
 * mode's WebSocket with the token from the URL fragment (kept in sessionStorage so a reload works,
 * and removed from the address bar so it is not shown or shared by accident).
 */
export function connectStation(role: WindowRole): StationApi {
  if (window.station) return window.station;
  const key = `station-token-${role}`;
  const fromHash = new URLSearchParams(location.hash.slice(1)).get('token');
  if (fromHash) {
    sessionStorage.setItem(key, fromHash);
    history.replaceState(null, '', location.pathname + location.search);
  }
  const token = fromHash ?? sessionStorage.getItem(key);
  if (!token) throw new Error('This page needs the link printed by `station serve` (it carries the access token).');
  return createWebSocketStationApi(role, token);
}
