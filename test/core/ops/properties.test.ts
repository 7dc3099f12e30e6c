// Property tests (fast-check) of the layout and reduction algebra. Values are small integers
// wherever the property is an exact identity, so equality is bit for bit; the fast-check
// seed is fixed so that a run is reproducible.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import {
  ShapeError, add, broadcastShapes, concat, logSoftmax, mul, reshape, slice, sum, transpose, type Tensor,
} from "../../../src/core/index.js";
import { count, f64 } from "../../helpers/core.js";
import { broadcastRule, refBinary } from "../../helpers/reference.js";

const params = { seed: 20240611, numRuns: 150 };

const dim = fc.integer({ min: 1, max: 4 });
const shapeArb = (minRank: number, maxRank: number) => fc.array(dim, { minLength: minRank, maxLength: maxRank });
/** A tensor of small integers (−9…9) with the given shape. */
const intTensor = (shape: number[]) =>
  fc.array(fc.integer({ min: -9, max: 9 }), { minLength: count(shape), maxLength: count(shape) }).map((v) => f64(v, shape));
/** A shape and a tensor of that shape. */
const tensorArb = (minRank: number, maxRank: number) => shapeArb(minRank, maxRank).chain(intTensor);

/**
 * Two shapes that broadcast to `out`: each drops some leading dimensions and sets some of
 * the remaining ones to 1.
 */
const compatiblePair = shapeArb(0, 4).chain((out) => {
  const operand = fc.tuple(fc.integer({ min: 0, max: out.length }), fc.array(fc.boolean(), { minLength: out.length, maxLength: out.length }))
    .map(([drop, ones]) => out.slice(drop).map((d, i) => (ones[i + drop] ? 1 : d)));
  return fc.tuple(operand, operand);
});

describe("properties: broadcasting", () => {
  test("add and mul follow NumPy's shape rule, equal the coordinate-wise definition and commute", () => {
    fc.assert(fc.property(compatiblePair.chain(([as, bs]) => fc.tuple(intTensor(as), intTensor(bs))), ([a, b]) => {
      const want = broadcastRule(a.shape, b.shape);
      for (const [op, f] of [[add, (u: number, v: number) => u + v], [mul, (u: number, v: number) => u * v]] as const) {
        const ab = op(a, b), ba = op(b, a);
        assert.deepEqual([...ab.shape], want);
        assert.deepEqual([...ba.shape], want);
        assert.deepEqual(ab.toArray(), refBinary(a.data, a.shape, b.data, b.shape, f).values);
        assert.deepEqual(ab.toArray(), ba.toArray());
      }
    }), params);
  });

  test("broadcastShapes agrees with the rule on arbitrary pairs and throws a ShapeError naming both shapes otherwise", () => {
    fc.assert(fc.property(shapeArb(0, 4), shapeArb(0, 4), (a, b) => {
      const want = broadcastRule(a, b);
      if (want !== null) {
        assert.deepEqual(broadcastShapes("add", a, b), want);
        return;
      }
      assert.throws(() => add(f64(new Array(count(a)).fill(0), a), f64(new Array(count(b)).fill(0), b)),
        (e: unknown) => e instanceof ShapeError && e.message.startsWith("add:")
          && e.message.includes(`[${a.join(", ")}]`) && e.message.includes(`[${b.join(", ")}]`));
    }), params);
  });
});

describe("properties: reductions", () => {
  test("the sum over all axes equals summing one axis after another, in any order", () => {
    fc.assert(fc.property(tensorArb(1, 4).chain((x) => fc.tuple(fc.constant(x), fc.shuffledSubarray(x.shape.map((_, i) => i), { minLength: x.rank, maxLength: x.rank }))), ([x, order]) => {
      let s: Tensor = x;
      for (const axis of order) s = sum(s, axis, true);
      assert.equal(s.size, 1);
      assert.equal(s.item(), sum(x).item());
    }), params);
  });

  test("a sum over a set of axes equals the sums over those axes one at a time", () => {
    fc.assert(fc.property(tensorArb(1, 4).chain((x) => fc.tuple(fc.constant(x), fc.subarray(x.shape.map((_, i) => i)))), ([x, axes]) => {
      let s: Tensor = x;
      for (const axis of [...axes].reverse()) s = sum(s, axis); // highest first keeps lower axis numbers valid
      const direct = sum(x, axes);
      assert.deepEqual([...direct.shape], [...s.shape]);
      assert.deepEqual(direct.toArray(), s.toArray());
    }), params);
  });
});

describe("properties: layout", () => {
  test("transpose by a permutation and then by its inverse is the identity", () => {
    fc.assert(fc.property(tensorArb(0, 4).chain((x) => fc.tuple(fc.constant(x), fc.shuffledSubarray(x.shape.map((_, i) => i), { minLength: x.rank, maxLength: x.rank }))), ([x, perm]) => {
      const inverse = new Array<number>(perm.length);
      perm.forEach((p, i) => (inverse[p] = i));
      const y = transpose(x, perm);
      assert.deepEqual([...y.shape], perm.map((p) => x.shape[p]));
      const back = transpose(y, inverse);
      assert.deepEqual([...back.shape], [...x.shape]);
      assert.deepEqual(back.toArray(), x.toArray());
    }), params);
  });

  test("concat then slice returns the parts", () => {
    const arb = shapeArb(1, 3).chain((base) => fc.tuple(
      fc.constant(base),
      fc.integer({ min: 0, max: base.length - 1 }),
      fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 4 }),
    )).chain(([base, axis, extents]) => fc.tuple(
      fc.constant(axis),
      fc.tuple(...extents.map((k) => intTensor(base.map((d, i) => (i === axis ? k : d))))),
    ));
    fc.assert(fc.property(arb, ([axis, parts]) => {
      const joined = concat(parts, axis);
      let offset = 0;
      for (const p of parts) {
        const begin = p.shape.map((_, i) => (i === axis ? offset : 0));
        const back = slice(joined, begin, [...p.shape]);
        assert.deepEqual([...back.shape], [...p.shape]);
        assert.deepEqual(back.toArray(), p.toArray());
        offset += p.shape[axis];
      }
      assert.equal(offset, joined.shape[axis]);
    }), params);
  });

  test("reshape to a flat vector, to another factorisation and back restores the tensor", () => {
    fc.assert(fc.property(tensorArb(0, 4).chain((x) => fc.tuple(fc.constant(x), fc.integer({ min: 0, max: 3 }))), ([x, cut]) => {
      const flat = reshape(x, [-1]);
      assert.deepEqual([...flat.shape], [x.size]);
      // Regroup the dimensions: [Π first `cut`, −1].
      const k = Math.min(cut, x.rank);
      const head = x.shape.slice(0, k).reduce((p, d) => p * d, 1);
      const regrouped = reshape(flat, [head, -1]);
      assert.deepEqual([...regrouped.shape], [head, x.size / head]);
      const back = reshape(regrouped, x.shape);
      assert.deepEqual([...back.shape], [...x.shape]);
      assert.deepEqual(back.toArray(), x.toArray());
    }), params);
  });
});

describe("properties: softmax", () => {
  test("each line of logSoftmax exponentiates to a sum of 1 (within 1e-12), along any axis", () => {
    const values = (n: number) => fc.array(fc.double({ min: -50, max: 50, noNaN: true }), { minLength: n, maxLength: n });
    const arb = shapeArb(1, 3).chain((s) => fc.tuple(fc.constant(s), values(count(s)), fc.integer({ min: 0, max: s.length - 1 })));
    fc.assert(fc.property(arb, ([shape, v, axis]) => {
      const ls = logSoftmax(f64(v, shape), axis);
      const p = Array.from(ls.data, Math.exp);
      assert.ok(Array.from(ls.data).every((z) => z <= 1e-15), "log-probabilities are ≤ 0");
      const sums = sum(f64(p, shape), axis);
      for (const s of sums.data) assert.ok(Math.abs(s - 1) <= 1e-12, `line sum ${s}`);
    }), params);
  });
});
