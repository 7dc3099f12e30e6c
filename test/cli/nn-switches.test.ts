// The network switches through `gradscope run`. Bad settings (an unknown activation or initializer
// name, a width of 0, a per-layer activation list of the wrong length, a residual block whose widths
// cannot match without a projection) are exit code 2 and one "gradscope: " line naming the field, no
// stack trace; good ones, all at once, train.
import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { cli, inProcess, isUserError, tempDir } from "./helpers.js";

const dir = tempDir();
const store = join(dir, "runs.db");

const cases: [string[], RegExp][] = [
  [["--activation", "reLU"], /model\.activation: "reLU" is not allowed; expected one of sigmoid, tanh, relu, leakyRelu/],
  [["--set", "model.activation=nope"], /model\.activation: "nope" is not allowed/],
  [["--depth", "3", "--set", 'model.activation=["relu","tanh"]'], /model\.activation: \["relu","tanh"\] is not allowed; expected one activation, or a list of 3/],
  [["--depth", "3", "--set", 'model.activation=["relu","tahn","tanh"]'], /model\.activation(\[1\])?: .*"tahn"/],
  [["--set", 'model.activation={"name":"leakyRelu","alpha":"steep"}'], /model\.activation\.alpha: "steep" is not allowed; expected a number/],
  [["--init", "heNormall"], /model\.init: "heNormall" is not allowed; expected one of zeros, constant, normal/],
  [["--set", "model.biasInit=xavier"], /model\.biasInit: "xavier" is not allowed/],
  [["--set", 'model.init={"name":"heNormal","mode":"fanAvg"}'], /model\.init\.mode: "fanAvg" is not allowed; expected one of fanIn, fanOut/],
  [["--width", "0"], /model\.width: 0 is not allowed; expected an integer ≥ 1/],
  [["--set", "model.widths=[8,0,8]"], /model\.widths\[1\]: 0 is not allowed; expected an integer ≥ 1/],
  [["--set", "model.widths=[]"], /model\.widths: \[\] is not allowed/],
  [["--set", "model.widths=[8,8,6,6]", "--set", "model.residual.every=2", "--set", "model.residual.projection=false"],
    /model\.residual\.projection: false is not allowed; expected true: block 1 \(hidden layers 3–4\) maps width 8 to 6, so an identity skip cannot be added/],
  [["--depth", "3", "--set", "model.residual.every=4"], /model\.residual\.every: 4 is not allowed; expected at most the depth \(3\)/],
  [["--set", "model.norm.kind=group"], /model\.norm\.kind: "group" is not allowed; expected one of none, batch, layer/],
  [["--set", "model.norm.kind=batch", "--set", "train.batch=1"], /train\.batch: 1 is not allowed with model\.norm\.kind "batch"; expected at least 2/],
];

test("bad network settings: exit 2, one line naming the field", async () => {
  for (const [args, message] of cases) {
    const r = await inProcess(store, "run", ...args, "--steps", "1", "--no-store");
    assert.ok(isUserError(r), `${args.join(" ")}: exit ${r.code}, stderr ${r.stderr}`);
    assert.equal(r.code, 2, `${args.join(" ")}: ${r.stderr}`);
    assert.match(r.stderr, message, args.join(" "));
  }
});

test("a residual block that only the data's input width makes unmatchable is refused when the network is built: exit 2, one line", () => {
  // spirals has 2 features; the first block maps them to width 4 and has no projection.
  const r = cli(store)("run", "--data", "spirals", "--set", "model.widths=[4,4]", "--set", "model.residual.every=2", "--set", "model.residual.projection=false", "--steps", "1", "--no-store");
  assert.ok(isUserError(r), `exit ${r.code}, stderr ${r.stderr}`);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /^gradscope: model\.residual\.projection: false is not allowed; expected true: block 0 \(hidden layers 1–2\) maps width 2 to 4/);
});

test("every switch at once trains through the CLI: a per-layer activation list, He fan-out with a leaky gain, mean-field biases, layer norm after φ, pre-norm residual blocks, dropout, RMSprop, a step schedule, per-tensor clipping, L1", async () => {
  const activation = ["relu", { name: "leakyRelu", alpha: 0.2 }, "elu", "gelu"];
  const r = await inProcess(store, "run", "--depth", "4", "--width", "8", "--steps", "5", "--no-store", "--json",
    "--set", `model.activation=${JSON.stringify(activation)}`,
    "--set", 'model.init={"name":"heNormal","mode":"fanOut","slope":0.2}',
    "--set", 'model.biasInit={"name":"meanField","sigmaB2":0.01}',
    "--set", "model.norm.kind=layer", "--set", "model.norm.placement=after",
    "--set", "model.residual.every=2", "--set", "model.residual.norm=pre", "--set", "model.residual.scale=invSqrtDepth",
    "--set", "model.dropout=0.1", "--set", "optimizer.name=rmsprop",
    "--set", 'schedule={"name":"step","stepSize":2,"gamma":0.5}', "--set", 'clip={"kind":"norm","threshold":1}', "--set", "regularization.l1=0.001");
  assert.equal(r.code, 0, r.stderr);
  const doc = JSON.parse(r.stdout) as { status: string; steps: number; final: { train: { loss: number } }; config: { model: { activation: unknown; residual: { norm: string } } } };
  assert.equal(doc.status, "finished");
  assert.equal(doc.steps, 5);
  assert.ok(Number.isFinite(doc.final.train.loss));
  assert.deepEqual(doc.config.model.activation, activation);
  assert.equal(doc.config.model.residual.norm, "pre");
});
