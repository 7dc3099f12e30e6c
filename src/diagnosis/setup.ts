import type { InitSpec } from "../nn/initializers.js";
import type { Recording } from "../probes/recording.js";
import type { DiagnosisContext } from "./finding.js";

/** What is known of the run's config: from the context where given, else from the recording (null/NaN: unknown). */
export interface Setup {
  depth: number;
  /** Activation name and parameter of each hidden layer. */
  activations: { name: string; alpha?: number }[];
  init: InitSpec | null;
  biasInit: InitSpec | null;
  normKind: string | null;
  residualEvery: number | null;
  /** Base learning rate (NaN when unknown). */
  lr: number;
  /** Clipping in place: undefined when unknown, null for none. */
  clip: { kind: string; threshold: number } | null | undefined;
  /** λ₂ in place (undefined when unknown). */
  l2: number | undefined;
}

/** Activations that do not saturate for positive inputs (the seed's "ReLU and its variants"). */
export const reluFamily: readonly string[] = ["relu", "leakyRelu", "elu", "selu", "gelu", "silu", "swish", "softplus"];

const asSpec = (a: string | { name: string; alpha?: number }) => (typeof a === "string" ? { name: a } : a);

const asInit = (i: string | InitSpec | undefined): InitSpec | null =>
  i === undefined ? null : typeof i === "string" ? { name: i as InitSpec["name"] } : i;

/** Reads the Setup from a recording and an optional context. */
export function setupOf(rec: Recording, ctx: DiagnosisContext = {}): Setup {
  const m = ctx.model ?? {};
  const t = ctx.training ?? {};
  const given = m.activation;
  const activations = given === undefined
    ? rec.layerInfo.map((i) => ({ name: i.activation }))
    : Array.isArray(given) ? given.map(asSpec) : Array.from({ length: rec.depth }, () => asSpec(given));
  const recordedLr = rec.count > 0 ? rec.scalars.lr?.[0] : NaN;
  return {
    depth: rec.depth,
    activations,
    init: asInit(m.init),
    biasInit: asInit(m.biasInit),
    normKind: m.norm?.kind ?? null,
    residualEvery: m.residual?.every ?? null,
    lr: t.lr ?? (Number.isFinite(recordedLr) && (recordedLr as number) > 0 ? (recordedLr as number) : NaN),
    clip: t.clip,
    l2: t.regularization === undefined ? undefined : t.regularization.l2 ?? 0,
  };
}

/** The activation most layers use (the first on a tie). */
export function mainActivation(s: Setup): { name: string; alpha?: number } {
  const counts = new Map<string, number>();
  for (const a of s.activations) counts.set(a.name, (counts.get(a.name) ?? 0) + 1);
  let best = s.activations[0] ?? { name: "linear" };
  for (const a of s.activations) if ((counts.get(a.name) ?? 0) > (counts.get(best.name) ?? 0)) best = a;
  return best;
}

/** True when every hidden layer uses an activation of the ReLU family. */
export const allReluLike = (s: Setup): boolean => s.activations.every((a) => reluFamily.includes(a.name));
