import { GradscopeError } from "../core/errors.js";
import { checkName, checkNumber, numberOr } from "./optim/check.js";

/**
 * A learning-rate schedule by name. Any schedule may start with a linear warm-up of
 * `warmupSteps` steps; the named schedule then runs from the end of the warm-up, as PyTorch's
 * SequentialLR([LinearLR, …], milestones=[warmupSteps]).
 */
export interface ScheduleSpec {
  name: ScheduleName;
  /** W ≥ 0 warm-up steps (default 0; required and ≥ 1 for "linearWarmup"). */
  warmupSteps?: number;
  /** s in [0, 1]: the warm-up starts at s·baseLr (default 1/3, LinearLR's start_factor; 0 is allowed here, not in LinearLR). */
  warmupStartFactor?: number;
  /** step: multiply by γ every `stepSize` steps (StepLR's step_size, required, ≥ 1). */
  stepSize?: number;
  /** step: the factor γ ≥ 0 (default 0.1, StepLR's gamma). */
  gamma?: number;
  /** cosine: the step at which the lr reaches minLr, counted from 0 and including the warm-up (required, > W). */
  totalSteps?: number;
  /** cosine: the final lr η_min ≥ 0 (default 0). */
  minLr?: number;
}

/** (t, baseLr, spec) → lr, where t counts steps after the warm-up. */
type AfterWarmup = (t: number, baseLr: number, spec: ScheduleSpec) => number;

/**
 * A schedule: (step, baseLr, spec) → lr. `step` is 0-based: the number of optimizer updates
 * already made, so lr(0) is the rate of the first update. This equals PyTorch's
 * `scheduler.last_epoch` after `step` calls to `scheduler.step()`.
 */
export type Schedule = (step: number, baseLr: number, spec: ScheduleSpec) => number;

/**
 * Linear warm-up (LinearLR closed form, end_factor 1): lr = baseLr·(s + (1 − s)·t/W) for
 * t < W; from t = W on, the schedule `after` at t − W.
 */
function withWarmup(after: AfterWarmup): Schedule {
  return (step, baseLr, spec) => {
    const w = spec.warmupSteps ?? 0;
    if (step >= w) return after(step - w, baseLr, spec);
    const s = spec.warmupStartFactor ?? 1 / 3;
    return baseLr * (s + ((1 - s) * step) / w);
  };
}

/** The schedules by config name (each with the optional warm-up in front). */
export const schedules = {
  /** lr = baseLr. */
  constant: withWarmup((_t, baseLr) => baseLr),
  /** The warm-up alone (LinearLR): baseLr·(s + (1 − s)·t/W) for t < W, then baseLr. */
  linearWarmup: withWarmup((_t, baseLr) => baseLr),
  /** StepLR: lr = baseLr·γ^⌊t/stepSize⌋. */
  step: withWarmup((t, baseLr, s) => baseLr * (s.gamma ?? 0.1) ** Math.floor(t / (s.stepSize as number))),
  /**
   * CosineAnnealingLR, closed form: lr = η_min + (baseLr − η_min)·(1 + cos(π·t/T))/2 with
   * T = totalSteps − W. NOTE: from t = T on the lr stays η_min; PyTorch's closed form would
   * climb again (it is periodic), which no run here wants.
   */
  cosine: withWarmup((t, baseLr, s) => {
    const eta = s.minLr ?? 0, span = (s.totalSteps as number) - (s.warmupSteps ?? 0);
    if (t >= span) return eta;
    return eta + ((baseLr - eta) * (1 + Math.cos((Math.PI * t) / span))) / 2;
  }),
} satisfies Record<string, Schedule>;

/** The accepted schedule names. */
export type ScheduleName = keyof typeof schedules;

/** All schedule names, in table order. */
export const scheduleNames = Object.keys(schedules) as ScheduleName[];

/**
 * Checks a spec (a bare name takes every default): the name is known, the fields its schedule
 * needs are present and in range. Errors name the field under `field`, e.g. "schedule.stepSize".
 */
export function validateSchedule(spec: ScheduleSpec | ScheduleName, field = "schedule"): ScheduleSpec {
  const s: ScheduleSpec = typeof spec === "string" ? { name: spec } : spec;
  if (s === null || typeof s !== "object") throw new GradscopeError(`${field}: ${JSON.stringify(s)} is not a schedule spec; expected { name, ... }`);
  checkName(`${field}.name`, s.name, schedules, "schedule");
  const warmup = s.name === "linearWarmup"
    ? checkNumber(`${field}.warmupSteps`, s.warmupSteps, { min: 1, integer: true })
    : numberOr(`${field}.warmupSteps`, s.warmupSteps, 0, { min: 0, integer: true });
  numberOr(`${field}.warmupStartFactor`, s.warmupStartFactor, 1 / 3, { min: 0, max: 1 });
  if (s.name === "step") {
    checkNumber(`${field}.stepSize`, s.stepSize, { min: 1, integer: true });
    numberOr(`${field}.gamma`, s.gamma, 0.1, { min: 0 });
  }
  if (s.name === "cosine") {
    checkNumber(`${field}.totalSteps`, s.totalSteps, { min: warmup, minOpen: true, integer: true });
    numberOr(`${field}.minLr`, s.minLr, 0, { min: 0 });
  }
  return s;
}

/**
 * The lr of update number `step` (0-based) for a base rate and a schedule spec, validated.
 *
 * @example
 * learningRate(0, 0.1, { name: "cosine", warmupSteps: 100, totalSteps: 1000 }); // 0.1/3
 * learningRate(1000, 0.1, { name: "cosine", warmupSteps: 100, totalSteps: 1000, minLr: 1e-4 }); // 1e-4
 */
export function learningRate(step: number, baseLr: number, spec: ScheduleSpec | ScheduleName, field = "schedule"): number {
  checkNumber("step", step, { min: 0, integer: true });
  checkNumber("lr", baseLr, { min: 0 });
  const s = validateSchedule(spec, field);
  return schedules[s.name](step, baseLr, s);
}
