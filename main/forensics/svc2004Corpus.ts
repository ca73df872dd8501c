import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { sharedDataLocation } from '../config/sharedData';
import { readSvc2004File } from '../pen/svc2004';
import { extractFeatures } from './signatureFeatures';
import type { ProtocolWriter } from './verificationProtocol';
import { dissimilarity } from './dissimilarityVector';
import type { EngineSteps } from './scoreModelTraining';
import { defaultDistance, enrolReferences, referenceOf, type EnrolledReference, type WriterModel } from './writerEnrolment';

/**
 * The SVC2004 Task 2 development corpus as protocol writers (Node only: reads files). Used by the
 * benchmark, the training of the score model and the real-data tests.
 */

/** Where the corpus lives: in the shared data (main/config/sharedData.ts). */
export function svc2004Task2Dir(env: NodeJS.ProcessEnv = process.env): string {
  return join(sharedDataLocation(env), 'svc2004-task2-dev', 'Task2');
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

/** Stable small numbers for signatures (object identity), for the memo keys below. */
function identities(): (r: object) => number {
  const ids = new WeakMap<object, number>();
  let next = 0;
  return (r) => {
    let id = ids.get(r);
    if (id === undefined) ids.set(r, (id = next++));
    return id;
  };
}

/** A distance function that remembers every pair (the protocol compares the same pairs many times). */
export function memoisedDistance(): (a: EnrolledReference, b: EnrolledReference, view: number) => number {
  const idOf = identities();
  const memo = new Map<string, number>();
  return (a, b, view) => {
    const ia = idOf(a), ib = idOf(b);
    const key = ia < ib ? `${ia}:${ib}:${view}` : `${ib}:${ia}:${view}`;
    let d = memo.get(key);
    if (d === undefined) memo.set(key, (d = defaultDistance(a, b, view)));
    return d;
  };
}

/**
 * The engine's steps with memory: each reference set is enrolled once and each questioned signature
 * measured once against it, however many folds, fold seeds and score models ask (evaluation only;
 * what is remembered does not depend on the training writers, so no fold sees another's data).
 */
export function memoisedEngineSteps(): EngineSteps {
  const distance = memoisedDistance();
  const idOf = identities();
  const writers = new Map<string, WriterModel>();
  const keys = new WeakMap<WriterModel, string>();
  const vectors = new Map<string, Float64Array>();
  return {
    enrol(refs) {
      const key = refs.map(idOf).sort((a, b) => a - b).join(',');
      let writer = writers.get(key);
      if (!writer) {
        writer = enrolReferences(refs, distance);
        writers.set(key, writer);
        keys.set(writer, key);
      }
      return writer;
    },
    dissimilarity(q, writer) {
      const key = `${keys.get(writer) ?? 'x'}|${idOf(q)}`;
      let v = vectors.get(key);
      if (!v) vectors.set(key, (v = dissimilarity(q.features, writer, distance, q).values));
      return v;
    },
  };
}
