import { join } from 'node:path';
import type { CliIo } from '../../main/cli/cliCommand';
import { runCli } from '../../main/cli/main';
import type { TestS3 } from './syncFixtures';

/** The environment of a station whose vault lives in `dir` and whose archive is the test bucket. */
export function stationEnvFor(s3: TestS3, dir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: dir,
    AWS_ACCESS_KEY_ID: s3.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: s3.credentials.secretAccessKey,
    STATION_CONFIG: join(dir, 'no-such-config.json'),
    STATION_STORAGE_DIR: join(dir, 'data'),
    STATION_STATION_TENANT: 'bank-a',
    STATION_SYNC_ENABLED: 'true',
    STATION_SYNC_S3_ENDPOINT: s3.endpoint,
    STATION_SYNC_S3_BUCKET: s3.bucket,
    STATION_SYNC_S3_REGION: 'us-east-1',
    STATION_SYNC_S3_FORCE_PATH_STYLE: 'true',
    ...extra,
  };
}

/** The real CLI, in-process, with that environment; the S3 credentials also in process.env, where the SDK's default chain reads them. */
export async function runCliAgainstS3(argv: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const saved = { ...process.env };
  Object.assign(process.env, { AWS_ACCESS_KEY_ID: env.AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY: env.AWS_SECRET_ACCESS_KEY });
  try {
    const io: CliIo = { stdout: (t) => (out += t), stderr: (t) => (err += t), env, cwd };
    return { code: await runCli(argv, io), out, err };
  } finally {
    process.env = saved;
  }
}
