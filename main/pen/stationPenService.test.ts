import { describe, expect, it } from 'vitest';
import { stationConfigSchema } from '../config/stationConfigSchema';
import { createStationPenService } from './stationPenService';

describe('station pen service', () => {
  it('starts from the default configuration on a machine without pens, on the simulated pen', async () => {
    const config = stationConfigSchema.parse({});
    expect(config.pen).toMatchObject({ profile: 'auto', simulatedSource: 'auto', fallbackToSimulated: true, hotPlugIntervalMs: 1000 });
    const service = createStationPenService({ ...config.pen, simulatedSource: 'synthetic' });
    try {
      await service.start();
      expect(service.status()).toMatchObject({ connected: true, source: 'simulated', profile: 'wacom-stu' });
    } finally {
      await service.stop();
    }
  });

  it('without fallback, says that no pen is there', async () => {
    const config = stationConfigSchema.parse({ pen: { fallbackToSimulated: false } });
    const service = createStationPenService(config.pen);
    try {
      await service.start();
      expect(service.status()).toMatchObject({ connected: false, source: 'none' });
      expect(service.status().message).toMatch(/No pen found/);
    } finally {
      await service.stop();
    }
  });
});
