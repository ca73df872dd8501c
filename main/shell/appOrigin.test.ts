import { describe, expect, it } from 'vitest';
import { isAppOrigin } from './appOrigin';

const appOrigin = 'app://station';

describe('isAppOrigin (the Electron navigation, permission, request and IPC checks)', () => {
  it('accepts the app origin itself, with or without a path', () => {
    for (const url of ['app://station', 'app://station/', 'app://station/teller/index.html', 'app://station/customer/index.html?x=1#y', 'app://STATION/teller/index.html']) {
      expect(isAppOrigin(url, appOrigin), url).toBe(true);
    }
  });

  it('refuses every look-alike that merely starts with the app origin', () => {
    for (const url of [
      'app://station.x', 'app://station.x/teller/index.html', 'app://station.evil.example/', 'app://stationx/',
      'app://station:81/', 'app://station@evil/', 'app://user:pw@station/', 'app://station-other/',
    ]) {
      expect(isAppOrigin(url, appOrigin), url).toBe(false);
    }
  });

  it('refuses other schemes, hosts and things that are not URLs', () => {
    for (const url of ['https://station/', 'http://station/', 'file:///station/', 'apps://station/', 'app:station', 'app:///station', '', 'station', 'javascript:alert(1)']) {
      expect(isAppOrigin(url, appOrigin), url).toBe(false);
    }
  });
});
