import pc from "picocolors";
import type { StepReport } from "../experiment/session/index.js";
import { layerStrip } from "./layer-strip.js";

/** Shows training progress: `update` after every step, `end` once when training stops. */
export interface Progress {
  update(report: StepReport): void;
  end(): void;
}

/** "12.3 s", "2 min 05 s": a duration for an ETA. */
export function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return "?";
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  return `${m} min ${String(Math.round(s - 60 * m)).padStart(2, "0")} s`;
}

/** Rate and time tracking shared by both displays. */
class Clock {
  /** When step 1 ended: the rate leaves out the first step, which includes compiling the kernels. */
  private firstAt = NaN;
  private firstStep = 0;
  /** The last finite batch accuracy (recorded steps only). */
  accuracy = NaN;

  see(r: StepReport): void {
    if (Number.isFinite(r.accuracy)) this.accuracy = r.accuracy;
    if (Number.isNaN(this.firstAt)) {
      this.firstAt = performance.now();
      this.firstStep = r.step;
    }
  }

  /** Steps per second since the first step (NaN before a second one). */
  rate(step: number): number {
    const t = (performance.now() - this.firstAt) / 1000;
    return step > this.firstStep ? (step - this.firstStep) / Math.max(t, 1e-9) : NaN;
  }

  /** "step  340/1000  loss 0.8123  acc  61.2%  812 steps/s  ETA 0.8 s". */
  status(r: StepReport): string {
    const rate = this.rate(r.step);
    const digits = String(r.totalSteps).length;
    const acc = Number.isFinite(this.accuracy) ? `${(100 * this.accuracy).toFixed(1).padStart(5)}%` : "    –";
    return `step ${String(r.step).padStart(digits)}/${r.totalSteps}  loss ${r.loss.toPrecision(4).padStart(7)}  acc ${acc}  ${(Number.isFinite(rate) ? rate.toFixed(0) : "–").padStart(5)} steps/s  ETA ${formatSeconds((r.totalSteps - r.step) / rate)}`;
  }
}

/**
 * A TTY display: one line redrawn at most every `intervalMs` (default 100 ms, ~10×/s) with step,
 * loss, accuracy, speed, ETA and the per-layer ‖δ_l‖ strip in colour (input → output).
 */
export class LiveProgress implements Progress {
  private readonly clock = new Clock();
  private last = -Infinity;
  private latest: StepReport | null = null;

  constructor(private readonly write: (text: string) => void, private readonly columns: () => number = () => 120, private readonly intervalMs = 100) {}

  update(r: StepReport): void {
    this.clock.see(r);
    this.latest = r;
    const now = performance.now();
    if (now - this.last < this.intervalMs && r.step < r.totalSteps) return;
    this.last = now;
    this.draw(r);
  }

  private draw(r: StepReport): void {
    const status = this.clock.status(r);
    // NOTE: a line longer than the terminal wraps and "\r" then redraws only its tail; the strip is dropped first.
    const strip = r.deltaNorms.length + 14 + [...status].length <= this.columns() ? `  ${pc.dim("‖δ‖ in→out")} ${layerStrip(r.deltaNorms, pc.isColorSupported)}` : "";
    this.write(`\r\x1b[K${status}${strip}`);
  }

  end(): void {
    if (this.latest !== null) this.draw(this.latest);
    this.write("\n");
  }
}

/** A non-TTY display: one plain line at step 1, about every 10% of the steps and at the last step. */
export class PlainProgress implements Progress {
  private readonly clock = new Clock();
  private every = 0;

  constructor(private readonly out: (line: string) => void) {}

  update(r: StepReport): void {
    this.clock.see(r);
    if (this.every === 0) this.every = Math.max(1, Math.round(r.totalSteps / 10));
    if (r.step === 1 || r.step % this.every === 0 || r.step === r.totalSteps) {
      const d = r.deltaNorms;
      const ratio = d.length > 0 ? d[0] / d[d.length - 1] : NaN;
      this.out(`${this.clock.status(r)}  ‖δ_1‖/‖δ_L‖ ${ratio.toExponential(2)}`);
    }
  }

  end(): void {
    // every line is complete
  }
}

/** No display (--quiet, --json). */
export const silentProgress: Progress = { update: () => undefined, end: () => undefined };
