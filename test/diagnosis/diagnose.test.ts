// diagnose(): every rule together — healthy runs give no warning, findings sort by severity,
// thresholds can be overridden, data beyond `count` is never read, findings are JSON.
import assert from "node:assert/strict";
import { test } from "node:test";
import { beforeNonFinite, diagnose, resolveThresholds, rules, severities, thresholds } from "../../src/diagnosis/index.js";
import type { Recording } from "../../src/probes/recording.js";
import { geometricDelta, healthy, makeRecording } from "./synthetic.js";

const serious = (rec: Recording) => diagnose(rec).filter((f) => f.severity !== "info");

test("diagnose: healthy runs of many shapes and lengths give no warning or critical finding", () => {
  for (const activation of ["tanh", "relu", "sigmoid", "leakyRelu", "gelu", "linear"] as const) {
    for (const [depth, records] of [[1, 1], [2, 2], [4, 5], [6, 20], [8, 100], [30, 300]]) {
      assert.deepEqual(serious(healthy(depth, records, { activation })), [], `${activation} ${depth} layers, ${records} records`);
    }
  }
  assert.deepEqual(diagnose(makeRecording({ depth: 3, records: 0 })), []);
  assert.deepEqual(diagnose(makeRecording({ depth: 3, records: 50 })), [], "nothing recorded: nothing to say");
});

test("diagnose: optional metrics that are not recorded (NaN) do not disturb a healthy verdict", () => {
  const rec = healthy(6, 50, { scalars: { accuracy: NaN, clipFired: NaN, lossPenalty: NaN }, layers: { biasGradNorm: NaN, updateRatio: NaN, weightNorm: NaN } });
  assert.deepEqual(serious(rec), []);
});

test("diagnose: the capacity beyond `count` (garbage 1e30) is never read", () => {
  const rec = healthy(5, 30);
  assert.equal(rec.layers.deltaNorm[0][30], 1e30);
  rec.count = 30;
  assert.deepEqual(serious(rec), []);
});

test("diagnose: findings sort critical → warning → info and keep the rule order on ties", () => {
  const rec = healthy(8, 60, {
    activation: "sigmoid",
    layers: { deltaNorm: geometricDelta(8, 1e-6), weightGradNorm: geometricDelta(8, 1e-6), saturatedFraction: 0.3 },
    nonFinite: { step: 60, layer: 2, pass: "backward", tensor: "delta", value: NaN },
  });
  const found = diagnose(rec);
  const ranks = found.map((f) => severities.indexOf(f.severity));
  assert.deepEqual(ranks, [...ranks].sort((a, b) => a - b));
  assert.equal(found[0].kind, "nonFinite");
  assert.ok(found.some((f) => f.kind === "vanishing") && found.some((f) => f.kind === "saturation"));
  const order = Object.keys(rules);
  for (let i = 1; i < found.length; i++) {
    if (found[i].severity === found[i - 1].severity) assert.ok(order.indexOf(found[i].kind) > order.indexOf(found[i - 1].kind));
  }
});

test("diagnose: thresholds can be overridden per rule; the defaults stay untouched", () => {
  const rec = healthy(10, 40);
  assert.equal(diagnose(rec).some((f) => f.kind === "vanishing"), false);
  const strict = diagnose(rec, { thresholds: { vanishing: { warningRatio: 0.5 } } });
  assert.equal(strict.find((f) => f.kind === "vanishing")?.severity, "info", "balanced weight gradients: one level milder");
  const stricter = diagnose(rec, { thresholds: { vanishing: { warningRatio: 0.5, balancedRatio: 2 } } });
  assert.equal(stricter.find((f) => f.kind === "vanishing")?.severity, "warning");
  assert.equal(thresholds.vanishing.warningRatio, 0.1);
  assert.equal(resolveThresholds({ thresholds: { vanishing: { warningRatio: 0.5 } } }).vanishing.criticalRatio, 1e-3);
});

test("diagnose: every finding is plain JSON with finite evidence, 1-based layers, ordered steps and words", () => {
  const recs = [
    healthy(8, 60, { activation: "sigmoid", layers: { deltaNorm: (l) => (l === 0 ? 0 : 0.05), updateRatio: (l) => (l === 0 ? 0 : 1e-3) } }),
    healthy(6, 60, { activation: "relu", layers: { deadFraction: 1, deltaNorm: geometricDelta(6, 1e5), updateRatio: 2 }, scalars: { loss: (r) => 0.7 * 2 ** (r / 10) } }),
    healthy(4, 30, { nonFinite: { step: 30, layer: 0, pass: "forward", tensor: "loss", value: -Infinity } }),
  ];
  for (const rec of recs) {
    const found = diagnose(rec, { training: { lr: 0.1 } });
    assert.ok(found.length > 0);
    for (const f of found) {
      assert.deepEqual(JSON.parse(JSON.stringify(f)), f, f.kind);
      for (const e of f.evidence) assert.ok(Number.isFinite(e.value), `${f.kind}: ${e.name}`);
      for (const l of f.layers) assert.ok(Number.isInteger(l) && l >= 1 && l <= rec.depth);
      assert.ok(f.steps.first <= f.steps.last);
      const words = f.explanation.replace(/NaN \(not a number\)|NaN or infinity|value of -?Infinity/g, "");
      assert.ok(f.explanation.length > 80 && !/NaN|undefined|Infinity/.test(words), f.explanation);
      for (const r of f.remedies) assert.ok(r.id && r.label && r.why && Object.keys(r.change).length > 0);
    }
  }
});

test("diagnose: after a NaN/Inf the other rules judge the records before it; a NaN at step 1 leaves only the sentinel", () => {
  const rec = healthy(4, 4, {
    layers: { updateRatio: (l, r) => (r === 3 ? NaN : 5), deadFraction: (l, r) => (r === 3 ? NaN : 0) },
    nonFinite: { step: 4, layer: 2, pass: "forward", tensor: "h", value: Infinity },
  });
  assert.equal(beforeNonFinite(rec).count, 3);
  assert.equal(rec.count, 4, "the input is not changed");
  const found = diagnose(rec);
  assert.deepEqual(found.map((f) => f.kind), ["nonFinite", "divergence"]);
  assert.equal(found[1].severity, "critical");
  const first = diagnose(healthy(4, 1, { nonFinite: { step: 1, layer: 0, pass: "forward", tensor: "loss", value: NaN } }));
  assert.deepEqual(first.map((f) => f.kind), ["nonFinite"]);
});
