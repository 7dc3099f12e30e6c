import { GradscopeError } from "../core/errors.js";

/** Parses a flag value as a finite number, naming the flag in the error. */
export function numberFlag(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const v = Number(value);
  if (value.trim() === "" || !Number.isFinite(v)) throw new GradscopeError(`--${name}: "${value}" is not a number`);
  return v;
}
