// The activation table of src/nn/activations.ts: every name maps to a core kernel, the scalar
// derivative matches central differences, and maxDerivative is the true sup |φ'|.
import assert from "node:assert/strict";
import { test } from "node:test";
import { GradscopeError, Tape, gradCheck, tensor } from "../../src/core/index.js";
import { unaryFunctions } from "../../src/core/kernels/reference/unary-functions.js";
import {
  activationDerivative, activationEntry, activationFunction, activationNames, activations, applyActivation, resolveActivation,
  type ActivationSpec,
} from "../../src/nn/index.js";

/** Every table entry with its default parameter, plus non-default slopes and α (negative ones too). */
const specs: ActivationSpec[] = [
  ...activationNames.map((name) => ({ name })),
  { name: "leakyRelu", alpha: 0.2 },
  { name: "leakyRelu", alpha: 3 },
  { name: "leakyRelu", alpha: -2 },
  { name: "elu", alpha: 0.5 },
  { name: "elu", alpha: 2.5 },
  { name: "elu", alpha: -2 },
];

const label = (s: ActivationSpec) => (s.alpha === undefined ? s.name : `${s.name}(α=${s.alpha})`);

/** Points where φ is not differentiable (or φ' jumps) for the given family. */
function kinks(name: string): number[] {
  const kind = activations[name as keyof typeof activations].kind;
  if (kind === "hardTanh") return [-1, 1];
  if (kind === "relu" || kind === "leakyRelu" || kind === "elu" || kind === "selu") return [0];
  return [];
}

test("every activation name maps to a core kernel, and the tensor op agrees with the scalar function", () => {
  assert.ok(activationNames.length >= 13);
  const xs = [-6.5, -2.3, -1.4, -0.6, -0.05, 0.07, 0.4, 0.95, 1.3, 2.7, 7.1, 25];
  for (const spec of specs) {
    const entry = activationEntry(spec.name);
    assert.ok(Object.hasOwn(unaryFunctions, entry.kind), `${spec.name}: kernel ${entry.kind} is not a UnaryKind`);
    const full = resolveActivation(spec);
    assert.equal(full.alpha, spec.alpha ?? entry.alpha);
    const f = activationFunction(full);
    const df = activationDerivative(full);
    const tape = new Tape();
    tape.run(() => {
      const x = tensor(xs, [xs.length], "float64").trainable();
      const y = applyActivation(full, x);
      tape.backward(y, tensor(new Array<number>(xs.length).fill(1), [xs.length], "float64"));
      xs.forEach((v, i) => {
        assert.equal(y.data[i], f(v), `${label(spec)}(${v}): tensor op vs scalar function`);
        assert.equal(x.grad?.data[i], df(v), `${label(spec)}'(${v}): tensor backward vs activationDerivative`);
      });
    });
    tape.dispose();
  }
});

test("aliases: swish = silu and identity = linear, value for value", () => {
  for (const [alias, name] of [["swish", "silu"], ["identity", "linear"]] as const) {
    assert.equal(activations[alias].kind, activations[name].kind);
    const fa = activationFunction(resolveActivation(alias));
    const fb = activationFunction(resolveActivation(name));
    for (const x of [-3, -0.2, 0.6, 4]) assert.equal(fa(x), fb(x));
  }
  const lin = activationFunction(resolveActivation("linear"));
  assert.equal(lin(-2.75), -2.75);
});

test("known values: defaults follow PyTorch (leaky slope 0.01, ELU α 1, SELU constants)", () => {
  const at = (spec: ActivationSpec | string, x: number) => activationFunction(resolveActivation(spec))(x);
  assert.equal(at("relu", -3), 0);
  assert.equal(at("relu", 2.5), 2.5);
  assert.equal(at("leakyRelu", -3), -0.03);
  assert.equal(at({ name: "leakyRelu", alpha: 0.2 }, -3), -0.6000000000000001);
  assert.ok(Math.abs(at("elu", -1) - (Math.exp(-1) - 1)) < 1e-16);
  assert.ok(Math.abs(at("selu", -1) - 1.0507009873554805 * 1.6732632423543772 * (Math.exp(-1) - 1)) < 1e-15);
  assert.ok(Math.abs(at("sigmoid", 0) - 0.5) < 1e-16);
  assert.equal(at("hardTanh", 3), 1);
  assert.equal(at("hardTanh", -3), -1);
  assert.ok(Math.abs(at("softplus", 0) - Math.LN2) < 1e-16);
  assert.ok(Math.abs(at("gelu", 1) - 0.8413447460685429) < 1e-15);
  assert.ok(Math.abs(at("silu", 1) - 1 / (1 + Math.exp(-1))) < 1e-16);
});

test("activationDerivative matches central differences away from kinks", () => {
  const h = 1e-5;
  for (const spec of specs) {
    const full = resolveActivation(spec);
    const f = activationFunction(full);
    const df = activationDerivative(full);
    const avoid = kinks(spec.name);
    let worst = 0;
    for (let x = -8.005; x <= 8; x += 0.01) {
      if (avoid.some((k) => Math.abs(x - k) < 10 * h)) continue;
      const numeric = (f(x + h) - f(x - h)) / (2 * h);
      const err = Math.abs(df(x) - numeric) / Math.max(1, Math.abs(numeric));
      worst = Math.max(worst, err);
      assert.ok(err < 1e-7, `${label(spec)}'(${x}) = ${df(x)}, central difference ${numeric}`);
    }
    assert.ok(worst < 1e-7);
  }
});

test("tensor activations pass the core gradCheck in float64 (inputs away from kinks)", () => {
  const xs = [-3.1, -1.6, -0.8, -0.3, -0.02, 0.04, 0.45, 0.9, 1.15, 2.4, 5.5, 21.5];
  for (const spec of specs) {
    const full = resolveActivation(spec);
    const res = gradCheck((x) => applyActivation(full, x), [tensor(xs, [3, 4], "float64")]);
    assert.ok(res.ok, `${label(spec)}: ${JSON.stringify(res.worst)}`);
    assert.equal(res.checked, xs.length);
  }
});

test("maxDerivative is the true sup |φ'| (fine grid on [−12, 12], to 1e-3)", () => {
  for (const spec of specs) {
    const full = resolveActivation(spec);
    const df = activationDerivative(full);
    let sup = 0;
    for (let i = -120000; i <= 120000; i++) {
      // NOTE: the ELU/SELU sup sits at the kink, where φ'(0) takes the left limit (as PyTorch).
      sup = Math.max(sup, Math.abs(df(i * 1e-4)));
    }
    const claimed = activationEntry(spec.name).maxDerivative(full.alpha);
    assert.ok(Math.abs(claimed - sup) <= 1e-3 * Math.max(1, sup), `${label(spec)}: maxDerivative ${claimed}, grid sup |φ'| ${sup}`);
  }
});

test("canDie is set exactly for relu", () => {
  for (const name of activationNames) assert.equal(activationEntry(name).canDie, name === "relu", name);
});

test("an unknown activation name or a non-finite parameter is an error naming the field", () => {
  assert.throws(() => activationEntry("reLU"), (e: unknown) =>
    e instanceof GradscopeError && /^activation: "reLU" is not a known activation; allowed: .*\brelu\b/.test(e.message));
  assert.throws(() => resolveActivation({ name: "tanhh" as "tanh" }, "model.activation[2]"), (e: unknown) =>
    e instanceof GradscopeError && e.message.startsWith(`model.activation[2]: "tanhh" is not a known activation`));
  assert.throws(() => resolveActivation({ name: "elu", alpha: Number.NaN }, "model.activation"), (e: unknown) =>
    e instanceof GradscopeError && e.message.startsWith("model.activation.alpha: NaN"));
  // Object.prototype keys are not activations.
  assert.throws(() => activationEntry("toString"), GradscopeError);
});
