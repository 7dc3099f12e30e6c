export { add, sub, mul, div, maximum, minimum, where, type Operand } from "./arithmetic.js";
export { matmul, type MatmulOptions } from "./matmul.js";
export { linear } from "./linear.js";
export {
  unary, neg, exp, log, sqrt, abs, square, reciprocal, identity,
  sigmoid, tanh, relu, leakyRelu, elu, selu, gelu, silu, softplus, hardTanh,
} from "./unary.js";
export { pow, clamp, scale } from "./pointwise.js";
export { sum, mean, max, type Axes } from "./reduce.js";
export { reshape, transpose, concat, slice } from "./layout.js";
export { gather, oneHot, pickPerRow } from "./indexing.js";
export { logSoftmax, softmax } from "./softmax.js";
export { detach } from "./detach.js";
