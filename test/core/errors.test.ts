// Shape and dtype errors: every op given operands it cannot combine throws a ShapeError
// whose message names the op and the shapes (or dtypes, axis, index) at fault.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  GradscopeError, ShapeError, Tape, add, concat, div, formatShape, gather, logSoftmax, matmul, max, maximum, mean, minimum,
  mul, oneHot, ones, pickPerRow, reshape, slice, softmax, sub, sum, tensor, transpose, where, zeros,
} from "../../src/core/index.js";
import { assertShapeError, f32, f64 } from "../helpers/core.js";

const z = (shape: number[], dtype: "float32" | "float64" = "float64") => zeros(shape, dtype);

describe("errors: broadcasting binary ops", () => {
  const ops = { add, sub, mul, div, maximum, minimum };
  for (const [name, op] of Object.entries(ops)) {
    test(`${name}: incompatible shapes and mixed dtypes`, () => {
      assertShapeError(() => op(z([2, 3]), z([4])), [`${name}:`, "[2, 3]", "[4]"]);
      assertShapeError(() => op(z([4]), z([2, 3])), [`${name}:`, "[4]", "[2, 3]"]);
      assertShapeError(() => op(z([2, 3, 4]), z([3, 1, 5])), [`${name}:`, "[2, 3, 4]", "[3, 1, 5]"]);
      assertShapeError(() => op(z([2, 3], "float32"), z([2, 3], "float64")), [`${name}:`, "float32", "float64", "[2, 3]"]);
      assertShapeError(() => op(z([3], "float64"), z([2, 3], "float32")), [`${name}:`, "float32", "float64", "[3]", "[2, 3]"]);
    });
  }

  test("add's bias fast path ([rows, cols] + [cols]) still checks dtypes", () => {
    assertShapeError(() => add(z([2, 3], "float32"), z([3], "float64")), ["add:", "float32 [2, 3]", "float64 [3]"]);
  });

  test("where: incompatible condition or branches, mixed branch dtypes", () => {
    assertShapeError(() => where(z([2]), z([3]), z([3])), ["where:", "[2]", "[3]"]);
    assertShapeError(() => where(z([3]), z([3]), z([2, 2])), ["where:", "[3]", "[2, 2]"]);
    assertShapeError(() => where(z([3]), z([3], "float32"), z([3], "float64")), ["where:", "float32", "float64"]);
  });
});

describe("errors: matmul", () => {
  test("inner dimensions that do not match, with and without transposes", () => {
    assertShapeError(() => matmul(z([2, 3]), z([4, 5])), ["matmul:", "[2, 3]", "[4, 5]"]);
    assertShapeError(() => matmul(z([2, 3]), z([2, 3]), { transB: false }), ["matmul:", "[2, 3]"]);
    assertShapeError(() => matmul(z([3, 2]), z([4, 5]), { transA: true }), ["matmul:", "[3, 2]ᵀ", "[4, 5]"]);
    assertShapeError(() => matmul(z([2, 3]), z([4, 5]), { transB: true }), ["matmul:", "[2, 3]", "[4, 5]ᵀ"]);
  });

  test("mixed dtypes", () => {
    assertShapeError(() => matmul(z([2, 3], "float32"), z([3, 2], "float64")), ["matmul:", "float32 [2, 3]", "float64 [3, 2]"]);
  });

  test("operands that are not matrices: the message names both shapes", () => {
    assertShapeError(() => matmul(z([3]), z([3, 2])), ["matmul:", "[3]", "[3, 2]"]);
    assertShapeError(() => matmul(z([2, 3]), z([3])), ["matmul:", "[2, 3]", "[3]"]);
    assertShapeError(() => matmul(z([2, 2, 3]), z([3, 2])), ["matmul:", "[2, 2, 3]", "[3, 2]"]);
  });
});

describe("errors: reductions and softmax", () => {
  for (const [name, op] of Object.entries({ sum, mean, max })) {
    test(`${name}: axis out of range or not an integer`, () => {
      assertShapeError(() => op(z([2, 3]), 2), [`${name}:`, "axis 2", "rank 2"]);
      assertShapeError(() => op(z([2, 3]), -3), [`${name}:`, "axis -3", "rank 2"]);
      assertShapeError(() => op(z([2, 3]), [0, 5]), [`${name}:`, "axis 5"]);
      assertShapeError(() => op(z([2, 3]), 0.5), [`${name}:`, "axis 0.5"]);
      assertShapeError(() => op(z([]), 0), [`${name}:`, "rank 0"]);
    });
  }

  test("logSoftmax and softmax name themselves for an axis out of range", () => {
    assertShapeError(() => logSoftmax(z([2, 3]), 2), ["logSoftmax:", "axis 2", "rank 2"]);
    assertShapeError(() => softmax(z([2, 3]), -3), ["softmax:", "axis -3", "rank 2"]);
  });
});

describe("errors: layout", () => {
  test("reshape to a different size names both shapes", () => {
    assertShapeError(() => reshape(z([2, 3]), [4, 2]), ["reshape:", "[2, 3]", "[4, 2]", "6"]);
    assertShapeError(() => reshape(z([2, 3]), [7]), ["reshape:", "[2, 3]", "[7]"]);
  });

  test("reshape with −1 that cannot be inferred names both shapes", () => {
    assertShapeError(() => reshape(z([5]), [2, -1]), ["reshape:", "[5]", "[2, -1]"]);
    assertShapeError(() => reshape(z([2, 3]), [-1, 4]), ["reshape:", "[2, 3]", "[-1, 4]"]);
    assertShapeError(() => reshape(z([6]), [-1, -1]), ["reshape:", "[6]", "[-1, -1]"]);
    assertShapeError(() => reshape(z([6]), [0, -1]), ["reshape:", "[6]", "[0, -1]"]);
    assertShapeError(() => reshape(z([6]), [-2, -3]), ["reshape:", "[6]"]);
    assertShapeError(() => reshape(z([6]), [1.5, 4]), ["reshape:", "[6]"]);
  });

  test("transpose: not a permutation of the axes", () => {
    assertShapeError(() => transpose(z([2, 3]), [0, 0]), ["transpose:", "[0, 0]", "[2, 3]"]);
    assertShapeError(() => transpose(z([2, 3]), [0]), ["transpose:", "[0]", "[2, 3]"]);
    assertShapeError(() => transpose(z([2, 3]), [1, 2]), ["transpose:", "[1, 2]", "[2, 3]"]);
    assertShapeError(() => transpose(z([2, 3, 4]), [2, 0, -1]), ["transpose:", "[2, 3, 4]"]);
  });

  test("concat: other dimensions differ, ranks differ, dtypes differ, axis out of range, nothing to join", () => {
    assertShapeError(() => concat([z([2, 3]), z([2, 4])], 0), ["concat:", "[2, 3]", "[2, 4]", "axis 0"]);
    assertShapeError(() => concat([z([2, 3]), z([1, 3]), z([3])], 0), ["concat:", "[2, 3]", "[3]"]);
    assertShapeError(() => concat([z([2, 3], "float64"), z([2, 3], "float32")], 1), ["concat:", "float64", "float32"]);
    assertShapeError(() => concat([z([2, 3]), z([2, 3])], 2), ["concat:", "axis 2", "rank 2"]);
    assertShapeError(() => concat([]), ["concat:"]);
  });

  test("slice: wrong rank, out of bounds, negative or fractional begin and size", () => {
    const x = z([3, 4]);
    assertShapeError(() => slice(x, [0], [1, 1]), ["slice:", "[0]", "[1, 1]", "[3, 4]"]);
    assertShapeError(() => slice(x, [2, 0], [2, 4]), ["slice:", "[2, 0]", "[2, 4]", "[3, 4]", "axis 0"]);
    assertShapeError(() => slice(x, [0, 5], [1, -1]), ["slice:", "[3, 4]", "axis 1"]);
    assertShapeError(() => slice(x, [-1, 0], [1, 1]), ["slice:", "[3, 4]"]);
    assertShapeError(() => slice(x, [0, 0], [1, -2]), ["slice:", "[3, 4]"]);
    assertShapeError(() => slice(x, [0.5, 0], [1, 1]), ["slice:", "[3, 4]"]);
    assertShapeError(() => slice(x, [0, 0], [1.5, 1]), ["slice:", "[3, 4]"]);
  });
});

describe("errors: indexing", () => {
  test("gather: index out of range, negative, fractional; axis out of range", () => {
    const x = z([3, 4]);
    assertShapeError(() => gather(x, [0, 3], 0), ["gather:", "index 3", "[0, 3)"]);
    assertShapeError(() => gather(x, [4], 1), ["gather:", "index 4", "[0, 4)"]);
    assertShapeError(() => gather(x, [-1], 0), ["gather:", "index -1"]);
    assertShapeError(() => gather(x, [1.5], 0), ["gather:", "index 1.5"]);
    assertShapeError(() => gather(x, [NaN], 0), ["gather:", "index NaN"]);
    assertShapeError(() => gather(x, [0], 2), ["gather:", "axis 2", "rank 2"]);
  });

  test("pickPerRow: not a matrix, wrong number of indices, index out of range", () => {
    assertShapeError(() => pickPerRow(z([3]), [0, 0, 0]), ["pickPerRow:", "[3]", "3 indices"]);
    assertShapeError(() => pickPerRow(z([2, 3]), [0]), ["pickPerRow:", "[2, 3]", "1 indices"]);
    assertShapeError(() => pickPerRow(z([2, 3]), [0, 3]), ["pickPerRow:", "index 3", "[0, 3)"]);
  });

  test("oneHot: label out of range, depth not positive", () => {
    assertShapeError(() => oneHot([0, 3], 3), ["oneHot:", "index 3", "[0, 3)"]);
    assertShapeError(() => oneHot([0], 0), ["oneHot:", "depth 0"]);
    assertShapeError(() => oneHot([0], 2.5), ["oneHot:", "depth 2.5"]);
  });
});

describe("errors: construction and the tape", () => {
  test("tensor() with the wrong number of values, or an invalid shape", () => {
    assertShapeError(() => tensor([1, 2, 3], [2, 2]), ["tensor:", "3 values", "[2, 2]", "4 elements"]);
    assertShapeError(() => tensor([1, 2, 3, 4, 5], [2, 2], "float64"), ["tensor:", "5 values", "[2, 2]"]);
    assertShapeError(() => tensor([], [1]), ["tensor:", "0 values", "[1]"]);
    assertShapeError(() => tensor([1, 2], [-2]), ["tensor:", "[-2]"]);
    assertShapeError(() => tensor([1], [1.5]), ["tensor:", "[1.5]"]);
    assertShapeError(() => zeros([2, -1]), ["zeros:", "[2, -1]"]);
  });

  test("item() of a tensor with more than one element", () => {
    assertShapeError(() => ones([2, 2]).item(), ["item:", "[2, 2]", "4 elements"]);
  });

  test("backward: a non-scalar loss without a seed, a seed of the wrong shape, a loss without gradient", () => {
    const x = f64([1, 2, 3]).trainable();
    const tape = new Tape();
    const y = tape.run(() => mul(x, 2));
    assertShapeError(() => tape.backward(y), ["backward:", "[3]", "seed"]);
    assertShapeError(() => tape.backward(y, f64([1, 1])), ["backward:", "[2]", "[3]"]);
    assert.throws(() => tape.backward(f64([1])), (e: unknown) => e instanceof GradscopeError && e.message.startsWith("backward:"));
    tape.dispose();
  });

  test("ShapeError is a GradscopeError and formatShape prints shapes as the messages do", () => {
    const e = new ShapeError("x");
    assert.ok(e instanceof GradscopeError);
    assert.equal(e.name, "ShapeError");
    assert.equal(formatShape([2, 3]), "[2, 3]");
    assert.equal(formatShape([]), "[]");
    assertShapeError(() => add(f32([1, 2]), f32([1, 2, 3])), ["add:", formatShape([2]), formatShape([3])]);
  });
});
