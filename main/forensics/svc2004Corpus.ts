import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { sharedDataDir } from '../pen/sharedDataDir';
import { readSvc2004File } from '../pen/svc2004';
import { extractFeatures } from './signatureFeatures';
import type { ProtocolWriter } from './verificationProtocol';
import { defaultDistance, referenceOf, type EnrolledReference } from './writerEnrolment';

/**
 * The SVC2004 Task 2 development corpus as protocol writers (Node only: reads files). Used by the
 * benchmark, the training of the score model and the real-data tests.
 */

/** Where the corpus lives: the shared data beside the project (STATION_SHARED_DATA), or STATION_SVC2004_DIR. */
export function svc2004Task2Dir(env: NodeJS.ProcessEnv = process.env): string {
  return env.STATION_SVC2004_DIR ?? join(sharedDataDir(env), 'svc2004-task2-dev', 'Task2');
}

export function haveSvc2004Corpus(dir: string): boolean {
  return existsSync(join(dir, 'U1S1.TXT'));
}

/** Loads users (1-based ids) with their 20 genuine and 20 skilled-forgery signatures, features computed. */
export async function loadSvc2004Writers(dir: string, users: readonly number[]): Promise<ProtocolWriter<EnrolledReference>[]> {
  const writers: ProtocolWriter<EnrolledReference>[] = [];
  for (const u of users) {
    const genuine: EnrolledReference[] = [];
    const skilled: EnrolledReference[] = [];
    for (let s = 1; s <= 40; s++) {
      const record = await readSvc2004File(join(dir, `U${u}S${s}.TXT`));
      (s <= 20 ? genuine : skilled).push(referenceOf(extractFeatures(record.samples)));
    }
    writers.push({ id: `U${u}`, genuine, skilled });
  }
  return writers;
}

/** A distance function that remembers every pair (the protocol compares the same pairs many times). */
export function memoisedDistance(): (a: EnrolledReference, b: EnrolledReference, view: number) => number {
  const ids = new WeakMap<EnrolledReference, number>();
  let next = 0;
  const idOf = (r: EnrolledReference) => {
    let id = ids.get(r);
    if (id === undefined) ids.set(r, (id = next++));
    return id;
  };
  const memo = new Map<string, number>();
  return (a, b, view) => {
    const ia = idOf(a), ib = idOf(b);
    const key = ia < ib ? `${ia}:${ib}:${view}` : `${ib}:${ia}:${view}`;
    let d = memo.get(key);
    if (d === undefined) memo.set(key, (d = defaultDistance(a, b, view)));
    return d;
  };
}
