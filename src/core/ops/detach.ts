import { copyOf, type Tensor } from "../tensor.js";

/** A copy of x cut from the tape: the same values, no gradient flows back through it. */
export function detach(x: Tensor): Tensor {
  return copyOf(x);
}
