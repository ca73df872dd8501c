import { join } from 'node:path';

/** Where the integrations keep their files inside the station's storage folder. */
export const apiTokenFile = (storageDir: string) => join(storageDir, 'integrations', 'api-tokens.json');
