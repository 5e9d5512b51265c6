/**
 * The masking half of `npm run bench`: throughput on a benign transcript corpus and on
 * adversarial 50 KB inputs, and recall/precision per PII type on a labelled corpus — for
 * incident-bridge's maskText and for redact-pii on the very same inputs.
 */
import { maskText } from '../../servicenow/src/server/core/mask.ts';
import { ADVERSARIAL_NAMES, ADVERSARIAL_TEXT } from '../../test/helpers/adversarial-text.ts';
import { PLAN_REGIONS } from '../lib/phone-metadata.ts';
import { leakOf } from '../../test/helpers/pii-arbitraries.ts';
import { lookAlikeCorpus, regionPhoneCorpus } from '../../test/helpers/phone-corpus.ts';
import {
  PII_TYPES,
  labelledCorpus,
  pick,
  piiValue,
  seededRandom,
  transcriptText,
  type LabelledSentence,
  type PiiType,
} from '../../test/helpers/pii-corpus.ts';
import { REDACT_PII_LABELS, RedactPii, TimedOut } from './redact-pii.ts';

export const BENIGN_CORPUS_CHARS = 1_000_000;
/** Chunks of the benign corpus masked per call (under maskText's 100,000-character cap). */
export const CHUNK_CHARS = 50_000;
export const ADVERSARIAL_CHARS = 50_000;
/**
 * Adversarial generators the bench runs: every one the linearity tests use (a hand-picked list
 * once left out the worst, "IBAN prefixes").
 */
export const BENCH_ADVERSARIAL = ADVERSARIAL_NAMES;
/** Rounds of the masker's own timings, interleaved (benign, then every input), medians kept. */
export const ROUNDS = 5;

export interface Throughput {
  /** Megabytes (10^6 characters of this ASCII text) per second; undefined when timed out. */
  mbPerSecond: number | undefined;
  /** Ours only: time per call against benign text's, both medians of the same rounds. */
  timesBenign?: number;
  /** When it timed out: the limit, so the table can say "< x MB/s". */
  timeoutMs?: number;
}

export interface Score {
  /** Per type: items of that type hidden *and* reported as that type / all items of that type. */
  recall: Record<PiiType, number | undefined>;
  /** Per type: correct reports of that type / all reports of that type (undefined: none made). */
  precision: Record<PiiType, number | undefined>;
  /** Look-alikes left exactly as written / all look-alikes. */
  decoysIntact: number;
  /** PII values no longer present as written (whatever label) / all PII values. */
  hidden: number;
  items: number;
}

export interface MaskingBenchResult {
  benign: { ours: Throughput; theirs: Throughput };
  adversarial: Array<{ name: string; ours: Throughput; theirs: Throughput }>;
  score: { ours: Score; theirs: Score | undefined };
  corpus: { perType: number; kinds: number };
  /** The corpus generated from libphonenumber metadata and the glued/look-alike sets. */
  generated: RegionCorpusScore;
}

/** Runs `fn` over `texts` until at least `minMs` passed; characters per second. */
function charsPerSecond(texts: readonly string[], minMs: number, fn: (text: string) => unknown) {
  const started = performance.now();
  let chars = 0;
  do {
    for (const text of texts) {
      fn(text);
      chars += text.length;
    }
  } while (performance.now() - started < minMs);
  return (chars / (performance.now() - started)) * 1000;
}

const mb = (charsPerSecond: number): number => charsPerSecond / 1e6;

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

function chunks(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

interface Detection {
  output: string;
  types: Set<PiiType>;
}

export function scoreDetections(
  items: readonly LabelledSentence[],
  found: readonly Detection[],
): Score {
  const tp: Record<string, number> = {};
  const reported: Record<string, number> = {};
  const total: Record<string, number> = {};
  let decoys = 0;
  let decoysIntact = 0;
  let pii = 0;
  let hidden = 0;
  items.forEach((item, i) => {
    const { output, types } = found[i] as Detection;
    const intact = output.includes(item.value);
    for (const type of types) reported[type] = (reported[type] ?? 0) + 1;
    if (item.label === 'decoy') {
      decoys++;
      if (intact) decoysIntact++;
      return;
    }
    pii++;
    total[item.label] = (total[item.label] ?? 0) + 1;
    if (!intact) hidden++;
    if (!intact && types.has(item.label)) tp[item.label] = (tp[item.label] ?? 0) + 1;
  });
  const recall = {} as Record<PiiType, number | undefined>;
  const precision = {} as Record<PiiType, number | undefined>;
  for (const type of PII_TYPES) {
    recall[type] = total[type] ? (tp[type] ?? 0) / (total[type] as number) : undefined;
    precision[type] = reported[type] ? (tp[type] ?? 0) / (reported[type] as number) : undefined;
  }
  return {
    recall,
    precision,
    decoysIntact: decoys ? decoysIntact / decoys : 1,
    hidden: pii ? hidden / pii : 1,
    items: items.length,
  };
}

function ourDetection(sentence: string): Detection {
  const result = maskText(sentence);
  const types = new Set<PiiType>();
  for (const type of PII_TYPES) if ((result.counts[type] ?? 0) > 0) types.add(type);
  return { output: result.text, types };
}

function theirDetection(sentence: string, output: string): Detection {
  const types = new Set<PiiType>();
  for (const type of PII_TYPES) {
    const label = REDACT_PII_LABELS[type];
    if (label && output.includes(label) && !sentence.includes(label)) types.add(type);
  }
  return { output, types };
}

export interface MaskingBenchOptions {
  seed: number;
  /** Labelled values per PII type and per decoy kind. */
  perType: number;
  /** Time spent measuring each throughput figure. */
  minMs: number;
  /** Longest redact-pii may take on one adversarial input before it is reported as timed out. */
  timeoutMs: number;
  /** Skip redact-pii (not installed). */
  withRedactPii: boolean;
  progress: (line: string) => void;
}

export async function runMaskingBench(options: MaskingBenchOptions): Promise<MaskingBenchResult> {
  const theirs = options.withRedactPii ? new RedactPii() : undefined;
  try {
    const corpus = chunks(transcriptText(options.seed, BENIGN_CORPUS_CHARS), CHUNK_CHARS);
    const inputs = BENCH_ADVERSARIAL.map((name) =>
      (ADVERSARIAL_TEXT[name] as (n: number) => string)(ADVERSARIAL_CHARS),
    );
    // ours: every input warmed up first, then rounds that each time benign text and every
    // input in turn; the median of each, so that a ratio compares figures of the same minutes
    options.progress(`masking: benign corpus and ${inputs.length} adversarial inputs`);
    for (const text of corpus) maskText(text);
    for (const input of inputs) for (let k = 0; k < 3; k++) maskText(input);
    const benignRounds: number[] = [];
    const inputRounds: number[][] = inputs.map(() => []);
    for (let round = 0; round < ROUNDS; round++) {
      benignRounds.push(charsPerSecond(corpus, options.minMs / ROUNDS, (t) => maskText(t)));
      inputs.forEach((input, k) =>
        (inputRounds[k] as number[]).push(
          charsPerSecond([input], options.minMs / 4 / ROUNDS, (t) => maskText(t)),
        ),
      );
    }
    const benignRate = median(benignRounds);
    const benign = {
      ours: { mbPerSecond: mb(benignRate) },
      theirs: theirs
        ? await measureTheirs(theirs, corpus, options.minMs, options.timeoutMs * 10)
        : { mbPerSecond: undefined },
    };

    const adversarial: MaskingBenchResult['adversarial'] = [];
    for (const [k, name] of BENCH_ADVERSARIAL.entries()) {
      if (theirs) options.progress(`masking: redact-pii on "${name}"`);
      const rate = median(inputRounds[k] as number[]);
      adversarial.push({
        name,
        ours: { mbPerSecond: mb(rate), timesBenign: benignRate / rate },
        theirs: theirs
          ? await measureTheirs(theirs, [inputs[k] as string], options.minMs / 4, options.timeoutMs)
          : { mbPerSecond: undefined },
      });
    }

    options.progress('masking: recall and precision on the labelled corpus');
    const items = labelledCorpus(options.seed, options.perType);
    const ours = scoreDetections(
      items,
      items.map((item) => ourDetection(item.sentence)),
    );
    let theirScore: Score | undefined;
    if (theirs) {
      const sentences = items.map((item) => item.sentence);
      const outputs = await theirs.redact(sentences, options.timeoutMs * 20);
      theirScore = scoreDetections(
        items,
        items.map((item, i) => theirDetection(item.sentence, outputs[i] as string)),
      );
    }
    options.progress('masking: generated corpus (every region, glued values, look-alikes)');
    const generated = scoreGeneratedCorpus(options.seed, options.perType >= 100 ? 3 : 1);
    return {
      benign,
      adversarial,
      generated,
      score: { ours, theirs: theirScore },
      corpus: { perType: options.perType, kinds: items.length / options.perType },
    };
  } finally {
    await theirs?.close();
  }
}

async function measureTheirs(
  theirs: RedactPii,
  texts: string[],
  minMs: number,
  timeoutMs: number,
): Promise<Throughput> {
  try {
    return { mbPerSecond: mb(await theirs.throughput(texts, minMs, timeoutMs)) };
  } catch (error) {
    if (error instanceof TimedOut) return { mbPerSecond: undefined, timeoutMs };
    throw error;
  }
}

// ------------------------------------------------------------------ generated corpus (issue 12)

export interface RegionCorpusScore {
  /** Phone recall per form and type ("national MOBILE"): hidden (no 5-digit run left) and counted. */
  byForm: Record<string, { hit: number; total: number }>;
  /** Phone recall per region (all forms), masked with that region's plan applying. */
  byRegion: Record<string, { hit: number; total: number }>;
  /** Recall per PII type of values glued to punctuation or letters on both sides. */
  glued: Record<PiiType, { hit: number; total: number }>;
  /** Look-alikes changed by masking, per kind, over every region's plan and none. */
  lookAlikes: { damaged: number; total: number; byKind: Record<string, number> };
  regions: number;
}

const GLUES = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~'.split('').concat(['abc', 'X', '']);

/**
 * Scores the masker on text generated from authorities it does not share: every region's
 * numbers from libphonenumber's metadata (checked by libphonenumber-js), values glued to
 * punctuation and letters, and look-alikes, each masked under every region's plan.
 */
export function scoreGeneratedCorpus(seed: number, perRegion: number): RegionCorpusScore {
  const byForm: RegionCorpusScore['byForm'] = {};
  const byRegion: RegionCorpusScore['byRegion'] = {};
  const tally = (
    table: Record<string, { hit: number; total: number }>,
    key: string,
    hit: boolean,
  ) => {
    const entry = (table[key] ??= { hit: 0, total: 0 });
    entry.total++;
    if (hit) entry.hit++;
  };
  for (const item of regionPhoneCorpus(seed, perRegion)) {
    const result = maskText(item.sentence, { regions: [item.region] });
    const value = { label: 'phone' as const, kind: 'phone', value: item.value };
    const hit = leakOf(result.text, value) === undefined && (result.counts.phone ?? 0) >= 1;
    tally(byForm, `${item.form} ${item.type}`, hit);
    tally(byRegion, item.region, hit);
  }
  const random = seededRandom(seed);
  const glued = {} as RegionCorpusScore['glued'];
  for (const type of PII_TYPES) {
    glued[type] = { hit: 0, total: 0 };
    for (let i = 0; i < perRegion * 100; i++) {
      const value = piiValue(random, type);
      const text = pick(random, GLUES) + value.value + pick(random, GLUES);
      const result = maskText(text);
      glued[type].total++;
      if (leakOf(result.text, value) === undefined && (result.counts[type] ?? 0) >= 1)
        glued[type].hit++;
    }
  }
  const lookAlikes = { damaged: 0, total: 0, byKind: {} as Record<string, number> };
  const items = lookAlikeCorpus(seed, 4);
  const regions = [[], ...PLAN_REGIONS.map((region) => [region])];
  for (const plan of regions)
    for (const item of items) {
      lookAlikes.total++;
      if (maskText(item.sentence, { regions: plan }).text !== item.sentence) {
        lookAlikes.damaged++;
        lookAlikes.byKind[item.kind] = (lookAlikes.byKind[item.kind] ?? 0) + 1;
      }
    }
  return { byForm, byRegion, glued, lookAlikes, regions: PLAN_REGIONS.length };
}
