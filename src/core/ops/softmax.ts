import type { Tensor } from "../tensor.js";
import { sub } from "./arithmetic.js";
import { detach } from "./detach.js";
import { max, sum } from "./reduce.js";
import { exp, log } from "./unary.js";

/**
 * log softmax(x) along an axis: x − m − log Σ exp(x − m), with m the maximum held constant
 * for stability. Composed from primitives, so its gradient is softmax's by the chain rule.
 */
export function logSoftmax(x: Tensor, axis = -1): Tensor {
  const z = sub(x, detach(max(x, axis, true)));
  return sub(z, log(sum(exp(z), axis, true)));
}

/** softmax(x) = exp(log softmax(x)) along an axis. */
export function softmax(x: Tensor, axis = -1): Tensor {
  return exp(logSoftmax(x, axis));
}
