/**
 * The SVC2004 evaluation protocol and the error rates it reports. Pure: it sees signatures only
 * through the scorer it is given, so the same code measures the engine in the benchmark, in tests
 * and in tuning.
 *
 * Protocol (Yeung et al., SVC2004, LNCS 3072): per writer, enrol 5 genuine signatures drawn at random
 * from the first 10; test the other 10 genuine (11–20), the 20 skilled forgeries and 20 random
 * forgeries (genuine signatures of other writers); repeat 10 times with new draws.
 */

/** One writer's signatures in the protocol's order: genuine[0..19], skilled forgeries[0..19]. */
export interface ProtocolWriter<S> {
  id: string;
  genuine: S[];
  skilled: S[];
}

/** Enrols references and returns a function scoring a questioned signature (higher = more likely genuine). */
export type EnrolAndScore<S> = (references: S[], writerId: string) => (questioned: S) => number;

export interface ProtocolOptions {
  repetitions?: number;
  references?: number;
  randomForgeries?: number;
  seed?: number;
}

export interface ScoreSets {
  genuine: number[];
  skilled: number[];
  random: number[];
}

export interface ProtocolResult {
  /** EER per writer (own a-posteriori threshold), averaged over writers and repetitions: the competition's figure. */
  skilledPerWriter: number;
  randomPerWriter: number;
  /** EER with one global threshold over all writers, averaged over repetitions: what a deployed product lives with. */
  skilledPooled: number;
  randomPooled: number;
  /** All scores (every repetition), e.g. for calibrating a threshold. */
  scores: ScoreSets;
  /** Per writer id: mean per-writer skilled EER over the repetitions. */
  skilledByWriter: Record<string, number>;
}

/** Deterministic generator (mulberry32) so that every run draws the same references. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` items drawn without replacement (a seeded Fisher–Yates shuffle). */
export function sample<T>(items: readonly T[], count: number, random: () => number): T[] {
  const pool = items.slice();
  for (let i = pool.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, count);
}

export function runSvcProtocol<S>(writers: ProtocolWriter<S>[], enrol: EnrolAndScore<S>, options: ProtocolOptions = {}): ProtocolResult {
  const repetitions = options.repetitions ?? 10;
  const referenceCount = options.references ?? 5;
  const randomCount = options.randomForgeries ?? 20;
  const random = seededRandom(options.seed ?? 2004);
  if (writers.length < 2) throw new Error('the protocol needs at least two writers (random forgeries come from other writers)');

  const all: ScoreSets = { genuine: [], skilled: [], random: [] };
  const perWriterSkilled: Record<string, number[]> = {};
  let skilledPerWriterSum = 0, randomPerWriterSum = 0, perWriterCount = 0;
  let skilledPooledSum = 0, randomPooledSum = 0;

  for (let rep = 0; rep < repetitions; rep++) {
    const repScores: ScoreSets = { genuine: [], skilled: [], random: [] };
    for (const writer of writers) {
      const references = sample(writer.genuine.slice(0, 10), referenceCount, random);
      const others = writers.filter((w) => w !== writer).flatMap((w) => w.genuine);
      const randomForgeries = sample(others, randomCount, random);
      const score = enrol(references, writer.id);
      const genuine = writer.genuine.slice(10, 20).map(score);
      const skilled = writer.skilled.map(score);
      const randoms = randomForgeries.map(score);
      const skilledEer = equalErrorRate(genuine, skilled);
      skilledPerWriterSum += skilledEer;
      randomPerWriterSum += equalErrorRate(genuine, randoms);
      perWriterCount++;
      (perWriterSkilled[writer.id] ??= []).push(skilledEer);
      repScores.genuine.push(...genuine);
      repScores.skilled.push(...skilled);
      repScores.random.push(...randoms);
    }
    skilledPooledSum += equalErrorRate(repScores.genuine, repScores.skilled);
    randomPooledSum += equalErrorRate(repScores.genuine, repScores.random);
    all.genuine.push(...repScores.genuine);
    all.skilled.push(...repScores.skilled);
    all.random.push(...repScores.random);
  }
  const skilledByWriter: Record<string, number> = {};
  for (const [id, eers] of Object.entries(perWriterSkilled)) skilledByWriter[id] = eers.reduce((a, b) => a + b, 0) / eers.length;
  return {
    skilledPerWriter: skilledPerWriterSum / perWriterCount,
    randomPerWriter: randomPerWriterSum / perWriterCount,
    skilledPooled: skilledPooledSum / repetitions,
    randomPooled: randomPooledSum / repetitions,
    scores: all,
    skilledByWriter,
  };
}

/**
 * Equal error rate: where the false-accept rate (impostor score ≥ threshold) meets the false-reject
 * rate (genuine score < threshold). Thresholds sweep every observed score; at the crossing the two
 * rates are averaged (the usual convention, e.g. in the Bob toolkit).
 */
export function equalErrorRate(genuine: readonly number[], impostor: readonly number[]): number {
  if (genuine.length === 0 || impostor.length === 0) throw new Error('EER needs genuine and impostor scores');
  const g = Float64Array.from(genuine).sort();
  const im = Float64Array.from(impostor).sort();
  const thresholds = Float64Array.from([...genuine, ...impostor, Infinity]).sort();
  let best = Infinity, eer = 1;
  let gi = 0, ii = 0;
  for (const th of thresholds) {
    while (gi < g.length && g[gi]! < th) gi++;
    while (ii < im.length && im[ii]! < th) ii++;
    const frr = gi / g.length;
    const far = (im.length - ii) / im.length;
    const gap = Math.abs(far - frr);
    if (gap < best) {
      best = gap;
      eer = (far + frr) / 2;
    }
  }
  return eer;
}

/** Error rates at a fixed threshold (accept when score ≥ threshold). */
export function errorRatesAt(threshold: number, genuine: readonly number[], impostor: readonly number[]): { far: number; frr: number } {
  const frr = genuine.filter((s) => s < threshold).length / genuine.length;
  const far = impostor.filter((s) => s >= threshold).length / impostor.length;
  return { far, frr };
}

/** The threshold at which false accepts and false rejects are equal on the given scores. */
export function equalErrorThreshold(genuine: readonly number[], impostor: readonly number[]): number {
  const candidates = Float64Array.from([...genuine, ...impostor]).sort();
  let best = Infinity, threshold = candidates[0] ?? 0;
  for (const th of candidates) {
    const { far, frr } = errorRatesAt(th, genuine, impostor);
    if (Math.abs(far - frr) < best) {
      best = Math.abs(far - frr);
      threshold = th;
    }
  }
  return threshold;
}
