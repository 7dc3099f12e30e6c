// Learning-rate schedules against torch.optim.lr_scheduler (1.13): StepLR, CosineAnnealingLR,
// LinearLR and SequentialLR warm-ups over 30 steps (test/fixtures/optim_schedules.json).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { GradscopeError } from "../../src/core/index.js";
import { learningRate, scheduleNames, schedules, validateSchedule, type ScheduleSpec } from "../../src/nn/schedules.js";

interface Sequence { lrs: number[] }
interface Fixture {
  torch: string;
  baseLr: number;
  step: Sequence & { stepSize: number; gamma: number };
  cosine: Sequence & { totalSteps: number; minLr: number };
  cosineRecursive: Sequence & { totalSteps: number; minLr: number };
  linearWarmup: Sequence & { warmupSteps: number; warmupStartFactor: number };
  warmupCosine: Sequence & { warmupSteps: number; warmupStartFactor: number; totalSteps: number; minLr: number };
  warmupStep: Sequence & { warmupSteps: number; warmupStartFactor: number; stepSize: number; gamma: number };
}

const fx = JSON.parse(readFileSync(new URL("../../../test/fixtures/optim_schedules.json", import.meta.url), "utf8")) as Fixture;

function assertSequence(what: string, spec: ScheduleSpec, want: number[], rtol: number): void {
  assert.equal(want.length, 31);
  want.forEach((lr, t) => {
    const ours = learningRate(t, fx.baseLr, spec);
    assert.ok(Math.abs(ours - lr) <= rtol * Math.abs(lr), `${what} t=${t}: ${ours} vs PyTorch ${lr}`);
  });
}

test("the name table holds constant, step, cosine and linearWarmup", () => {
  assert.deepEqual(scheduleNames, ["constant", "linearWarmup", "step", "cosine"]);
  assert.deepEqual(Object.keys(schedules), scheduleNames);
});

test(`StepLR(step_size 7, γ 0.5) over 30 steps (PyTorch ${fx.torch})`, () => {
  assertSequence("step", { name: "step", stepSize: fx.step.stepSize, gamma: fx.step.gamma }, fx.step.lrs, 1e-12);
});

test("CosineAnnealingLR(T_max 30, η_min 1e-3): closed form, and PyTorch's recursive form", () => {
  const spec: ScheduleSpec = { name: "cosine", totalSteps: fx.cosine.totalSteps, minLr: fx.cosine.minLr };
  assertSequence("cosine", spec, fx.cosine.lrs, 1e-12);
  assertSequence("cosine (recursive)", spec, fx.cosineRecursive.lrs, 1e-10);
});

test("LinearLR(start_factor 0.1, total_iters 10) is linearWarmup", () => {
  const spec: ScheduleSpec = { name: "linearWarmup", warmupSteps: fx.linearWarmup.warmupSteps, warmupStartFactor: fx.linearWarmup.warmupStartFactor };
  assertSequence("linearWarmup", spec, fx.linearWarmup.lrs, 1e-12);
  assertSequence("constant + warm-up", { ...spec, name: "constant" }, fx.linearWarmup.lrs, 1e-12);
});

test("warm-up composes: SequentialLR([LinearLR, CosineAnnealingLR | StepLR], milestones=[W])", () => {
  const c = fx.warmupCosine;
  assertSequence("warmup+cosine", { name: "cosine", warmupSteps: c.warmupSteps, warmupStartFactor: c.warmupStartFactor, totalSteps: c.totalSteps, minLr: c.minLr }, c.lrs, 1e-10);
  const s = fx.warmupStep;
  assertSequence("warmup+step", { name: "step", warmupSteps: s.warmupSteps, warmupStartFactor: s.warmupStartFactor, stepSize: s.stepSize, gamma: s.gamma }, s.lrs, 1e-12);
});

test("conventions: step is 0-based, warm-up defaults to LinearLR's 1/3, cosine holds η_min after totalSteps", () => {
  assert.equal(learningRate(0, 0.3, "constant"), 0.3);
  assert.equal(learningRate(0, 0.3, { name: "linearWarmup", warmupSteps: 3 }), 0.3 * (1 / 3));
  assert.equal(learningRate(1, 0.4, { name: "linearWarmup", warmupSteps: 4, warmupStartFactor: 0 }), 0.1);
  assert.equal(learningRate(3, 0.3, { name: "linearWarmup", warmupSteps: 3 }), 0.3);
  assert.equal(learningRate(0, 1, { name: "step", stepSize: 2 }), 1);
  assert.equal(learningRate(2, 1, { name: "step", stepSize: 2 }), 0.1);
  const cos: ScheduleSpec = { name: "cosine", warmupSteps: 100, totalSteps: 1000, minLr: 1e-4 };
  assert.equal(learningRate(100, 0.1, cos), 0.1);
  assert.equal(learningRate(1000, 0.1, cos), 1e-4);
  assert.equal(learningRate(1500, 0.1, cos), 1e-4);
  assert.equal(learningRate(1000, 0.1, { name: "cosine", totalSteps: 1000 }), 0);
  assert.ok(Math.abs(learningRate(550, 0.1, cos) - (1e-4 + (0.1 - 1e-4) / 2)) < 1e-15);
  // the table entries are the pure functions themselves
  assert.equal(schedules.step(9, 2, { name: "step", stepSize: 3, gamma: 0.5 }), 2 * 0.5 ** 3);
});

/** Asserts fn throws a GradscopeError whose message contains every fragment. */
function throwsNaming(fn: () => unknown, ...fragments: string[]): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof GradscopeError, `expected a GradscopeError, got ${String(e)}`);
    for (const f of fragments) assert.ok(e.message.includes(f), `"${e.message}" does not mention ${f}`);
    return true;
  });
}

test("bad specs are errors naming the field", () => {
  throwsNaming(() => validateSchedule({ name: "exponential" } as unknown as ScheduleSpec), "schedule.name", "exponential", "constant, linearWarmup, step, cosine");
  throwsNaming(() => validateSchedule("onecycle" as "constant", "optimizer.schedule"), "optimizer.schedule.name", "allowed");
  throwsNaming(() => validateSchedule({ name: "step" }), "schedule.stepSize");
  throwsNaming(() => validateSchedule({ name: "step", stepSize: 0 }), "schedule.stepSize", "≥ 1");
  throwsNaming(() => validateSchedule({ name: "step", stepSize: 2.5 }), "schedule.stepSize", "integer");
  throwsNaming(() => validateSchedule({ name: "step", stepSize: 2, gamma: -0.1 }), "schedule.gamma");
  throwsNaming(() => validateSchedule({ name: "cosine" }), "schedule.totalSteps");
  throwsNaming(() => validateSchedule({ name: "cosine", warmupSteps: 10, totalSteps: 10 }), "schedule.totalSteps", "> 10");
  throwsNaming(() => validateSchedule({ name: "cosine", totalSteps: 10, minLr: -1 }), "schedule.minLr");
  throwsNaming(() => validateSchedule({ name: "linearWarmup" }), "schedule.warmupSteps", "≥ 1");
  throwsNaming(() => validateSchedule({ name: "constant", warmupSteps: -5 }), "schedule.warmupSteps");
  throwsNaming(() => validateSchedule({ name: "constant", warmupSteps: 5, warmupStartFactor: 1.5 }), "schedule.warmupStartFactor", "[0, 1]");
  throwsNaming(() => learningRate(0, -0.1, "constant"), "lr", "-0.1");
  throwsNaming(() => learningRate(-1, 0.1, "constant"), "step", "-1");
});
