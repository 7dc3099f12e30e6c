import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { erf, erfc } from "../../../src/core/kernels/reference/index.js";

/** Relative error |a − b| / |b|. */
const rel = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);

describe("reference erf / erfc (float64)", () => {
  // values from mpmath at 40 digits
  const erfValues: [number, number][] = [
    [0.5, 0.5204998778130465], [1, 0.8427007929497149], [2, 0.9953222650189527],
    [3, 0.9999779095030014], [-0.3, -0.32862675945912745], [1e-10, 1.1283791670955126e-10],
    [0.9999, 0.8426592780487595], [1.0001, 0.8427422995485203],
  ];
  const erfcValues: [number, number][] = [
    [0.5, 0.4795001221869535], [1, 0.15729920705028513], [2, 0.004677734981047266],
    [5, 1.537459794428035e-12], [10, 2.088487583762545e-45], [26, 5.663192408856143e-296],
    [-1, 1.8427007929497148],
  ];

  it("erf matches known values to 2e-15 relative", () => {
    for (const [x, want] of erfValues) assert.ok(rel(erf(x), want) < 2e-15, `erf(${x}) = ${erf(x)}, want ${want}`);
  });

  it("erfc keeps relative accuracy in the far tail (1e-14)", () => {
    for (const [x, want] of erfcValues) assert.ok(rel(erfc(x), want) < 1e-14, `erfc(${x}) = ${erfc(x)}, want ${want}`);
  });

  it("is odd, saturates, and passes NaN", () => {
    for (const x of [0.1, 0.7, 1.3, 4]) assert.equal(erf(-x), -erf(x));
    assert.equal(erf(0), 0);
    assert.equal(erf(Infinity), 1);
    assert.equal(erf(-Infinity), -1);
    assert.equal(erfc(Infinity), 0);
    assert.equal(erfc(-Infinity), 2);
    assert.ok(Number.isNaN(erf(NaN)) && Number.isNaN(erfc(NaN)));
  });

  it("erf + erfc = 1 across the switch between series and continued fraction", () => {
    for (let x = -3; x <= 3; x += 0.01) assert.ok(Math.abs(erf(x) + erfc(x) - 1) < 4e-16, `x = ${x}`);
  });
});
