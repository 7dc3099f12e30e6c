import type { FloatArray } from "../core/dtype.js";
import type { NonFiniteEvent, Recording } from "./recording.js";
import { firstNonFinite } from "./tensor-stats.js";

/** Where a checked tensor sits: step, hidden layer (1-based; 0 for the loss and the head), pass and tensor name. */
export type Site = Omit<NonFiniteEvent, "value">;

/**
 * The NaN/Inf sentinel: keeps the first non-finite value seen in `recording.nonFinite`. Callers
 * check tensors in the documented order (forward: h_l and a_l for l = 1…L, then the loss;
 * backward: δ_l for l = L…1, then each parameter gradient; update: each parameter), so the
 * first event recorded is the first in that order. Later events are ignored.
 */
export class Sentinel {
  constructor(private readonly recording: Recording) {}

  /** True once a non-finite value was recorded. */
  get fired(): boolean {
    return this.recording.nonFinite !== null;
  }

  /**
   * Checks a tensor from a sum over it that is finite exactly when the tensor is (a sum of
   * squares, see tensor-stats.ts); only when it is not does it scan for the first bad element.
   * Returns true when nothing non-finite was found.
   */
  tensor(sum: number, data: FloatArray, step: number, layer: number, pass: Site["pass"], tensor: string): boolean {
    if (Number.isFinite(sum)) return true;
    const i = firstNonFinite(data);
    if (i < 0) return true; // a float64 tensor whose squares overflowed: finite after all
    this.record({ step, layer, pass, tensor, value: data[i] });
    return false;
  }

  /** Checks one scalar (the loss). */
  value(v: number, step: number, layer: number, pass: Site["pass"], tensor: string): boolean {
    if (Number.isFinite(v)) return true;
    this.record({ step, layer, pass, tensor, value: v });
    return false;
  }

  private record(event: NonFiniteEvent): void {
    if (this.recording.nonFinite === null) this.recording.nonFinite = event;
  }
}
