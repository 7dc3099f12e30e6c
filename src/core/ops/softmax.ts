import { normalizeAxis } from "../shape.js";
import type { Tensor } from "../tensor.js";
import { sub } from "./arithmetic.js";
import { detach } from "./detach.js";
import { max, sum } from "./reduce.js";
import { exp, log } from "./unary.js";

/** log softmax along an axis already checked by the caller (whose name errors carry). */
function logSoftmaxAlong(x: Tensor, axis: number): Tensor {
  const z = sub(x, detach(max(x, axis, true)));
  return sub(z, log(sum(exp(z), axis, true)));
}

/**
 * log softmax(x) along an axis: x − m − log Σ exp(x − m), with m the maximum held constant
 * for stability. Composed from primitives, so its gradient is softmax's by the chain rule.
 */
export function logSoftmax(x: Tensor, axis = -1): Tensor {
  return logSoftmaxAlong(x, normalizeAxis("logSoftmax", axis, x.rank));
}

/** softmax(x) = exp(log softmax(x)) along an axis. */
export function softmax(x: Tensor, axis = -1): Tensor {
  return exp(logSoftmaxAlong(x, normalizeAxis("softmax", axis, x.rank)));
}
