import type { ForgeConfig } from '@electron-forge/shared-types';
import { MakerSquirrel } from '@electron-forge/maker-squirrel';
import { MakerDeb } from '@electron-forge/maker-deb';
import { MakerZIP } from '@electron-forge/maker-zip';
import { VitePlugin } from '@electron-forge/plugin-vite';
import { FusesPlugin } from '@electron-forge/plugin-fuses';
import { FuseV1Options, FuseVersion } from '@electron/fuses';

/**
 * Packaging for Windows (Squirrel), Debian (.deb) and zip. `npm run make` needs the Electron binary,
 * which cannot be downloaded on the project's build machines (see README); the configuration is
 * kept complete for machines where it can.
 */
const config: ForgeConfig = {
  packagerConfig: {
    name: 'Signing Station',
    executableName: 'signing-station',
    // Native modules (better-sqlite3, node-hid) must be unpacked from the ASAR to load.
    asar: { unpack: '**/*.node' },
    extraResource: ['resources/udev'],
  },
  rebuildConfig: {},
  makers: [
    new MakerSquirrel({ name: 'SigningStation' }),
    new MakerDeb({ options: { name: 'signing-station', productName: 'Signing Station', categories: ['Office'], depends: ['libusb-1.0-0'] } }),
    new MakerZIP({}, ['linux', 'win32', 'darwin']),
  ],
  plugins: [
    new VitePlugin({
      build: [
        { entry: 'main/shell/electronMain.ts', config: 'vite.main.config.ts', target: 'main' },
        { entry: 'preload/teller.ts', config: 'vite.preload.config.ts', target: 'preload' },
        { entry: 'preload/customer.ts', config: 'vite.preload.config.ts', target: 'preload' },
      ],
      renderer: [{ name: 'station', config: 'renderer/vite.config.ts' }],
    }),
    new FusesPlugin({
      version: FuseVersion.V1,
      [FuseV1Options.RunAsNode]: false,
      [FuseV1Options.EnableCookieEncryption]: true,
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
      [FuseV1Options.EnableNodeCliInspectArguments]: false,
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
      [FuseV1Options.OnlyLoadAppFromAsar]: true,
    }),
  ],
};

export default config;
