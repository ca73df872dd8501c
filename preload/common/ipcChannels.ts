/** The two IPC channels of the Electron binding: every request goes through one, every event through the other. */
export const ipcChannels = { call: 'station:call', event: 'station:event' } as const;
