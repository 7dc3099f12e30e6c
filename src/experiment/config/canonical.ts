import type { ExperimentConfig } from "./types.js";

function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (typeof value !== "object" || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined) out[key] = sorted(v);
  }
  return out;
}

/** The config as compact JSON with every object's keys in sorted order: equal configs give equal text. */
export function canonicalJSON(config: ExperimentConfig): string {
  return JSON.stringify(sorted(config));
}

const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;
const MASK = (1n << 64n) - 1n;

/** FNV-1a, 64 bits, of the UTF-8 bytes of a text, as 16 hex digits. */
function fnv1a64(text: string): string {
  let h = FNV_OFFSET;
  for (const byte of new TextEncoder().encode(text)) h = ((h ^ BigInt(byte)) * FNV_PRIME) & MASK;
  return h.toString(16).padStart(16, "0");
}

/**
 * A run's identity: 12 hex digits of the FNV-1a hash of canonicalJSON(config). Equal configs
 * share it; it is not a cryptographic digest.
 */
export function configHash(config: ExperimentConfig): string {
  return fnv1a64(canonicalJSON(config)).slice(0, 12);
}
