// The name table of built-in data sets: the names, defaults that work, and option errors that
// name the field, the value and what is allowed.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { circles, datasets, describeOption, gaussian, isDatasetName, loadDataset, moons, requireClassification, spiralsSet, xor } from "../../src/experiment/datasets/index.js";

describe("the data-set table", () => {
  test("holds the built-in sets by the names the config, the CLI and the web page use", () => {
    assert.deepEqual(Object.keys(datasets), ["spirals", "moons", "circles", "xor", "blobs", "gaussian", "digits", "iris"]);
    assert.ok(isDatasetName("moons") && !isDatasetName("toString"));
  });
  test("every set loads with its defaults and reproduces itself from the seed", async () => {
    for (const name of Object.keys(datasets)) {
      const a = await loadDataset(name, {}, 1);
      const b = await loadDataset(name, {}, 1);
      assert.deepEqual(a, b, name);
      assert.equal(a.name, name);
      for (const spec of Object.values(datasets[name as keyof typeof datasets].options)) assert.ok(spec.doc.length > 0);
    }
  });
  test("the table's functions are the generators themselves", async () => {
    assert.deepEqual(await loadDataset("moons", { n: 50, noise: 0.3 }, 4), moons({ n: 50, noise: 0.3 }, 4));
    assert.deepEqual(await loadDataset("spirals", { classes: 4 }, 2), spiralsSet({ classes: 4 }, 2));
  });
  test("an unknown name lists the known ones", async () => {
    await assert.rejects(loadDataset("mnist"), {
      message: 'data.name: "mnist" is not allowed; expected one of "spirals", "moons", "circles", "xor", "blobs", "gaussian", "digits", "iris"',
    });
  });
});

describe("options", () => {
  const cases: [string, () => unknown, string][] = [
    ["a negative noise", () => moons({ noise: -1 }), "data.noise: -1 is not allowed; expected a number ≥ 0"],
    ["a fractional n", () => xor({ n: 10.5 }), "data.n: 10.5 is not allowed; expected an integer ≥ 4"],
    ["a string for a number", () => moons({ n: "100" as unknown as number }), 'data.n: "100" is not allowed; expected an integer ≥ 2'],
    ["NaN", () => moons({ noise: NaN }), "data.noise: NaN is not allowed; expected a number ≥ 0"],
    ["an open interval", () => circles({ factor: 1 }), "data.factor: 1 is not allowed; expected a number in (0, 1)"],
    ["an unknown choice", () => gaussian({ rule: "mlp" as "linear" }), 'data.rule: "mlp" is not allowed; expected one of "linear", "teacher"'],
    ["an unknown option", () => moons({ nosie: 0.1 } as never), "data.nosie is not an option of moons; expected one of n, noise"],
    ["spirals with fewer points than classes", () => spiralsSet({ n: 2, classes: 3 }), "data.n: 2 is not allowed; expected an integer ≥ data.classes (3)"],
  ];
  for (const [what, make, message] of cases) test(`error: ${what}`, () => assert.throws(make, { name: "GradscopeError", message }));
  test("allowed values describe themselves", () => {
    assert.equal(describeOption(datasets.digits.options.n), "an integer in [1, 10000]");
    assert.equal(describeOption(datasets.blobs.options.spread), "a number ≥ 0");
  });
  test("a regression set is refused where class labels are needed", () => {
    const r = gaussian({ task: "regression", outputs: 3 }, 1);
    assert.throws(() => requireClassification(r, "gradscope run"), { message: "data: gaussian is a regression set (3 targets); gradscope run needs class labels" });
    assert.equal(requireClassification(moons({}, 1), "run").name, "moons");
  });
});
