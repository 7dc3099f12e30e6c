import type { FloatArray } from "../dtype.js";
import { broadcastStrides, sameShape } from "../shape.js";
import { zeros, type Tensor } from "../tensor.js";
import { reductionIndex, scatterSum } from "./reduce-kernel.js";

/** out[i] = f(a[ia(i)], b[ib(i)]) over the broadcast shape `outShape` (NumPy rules). */
export function broadcastMap(
  a: FloatArray, aShape: readonly number[], b: FloatArray, bShape: readonly number[],
  out: FloatArray, outShape: readonly number[], f: (x: number, y: number) => number,
): void {
  if (sameShape(aShape, outShape) && sameShape(bShape, outShape)) {
    for (let i = 0; i < out.length; i++) out[i] = f(a[i], b[i]);
    return;
  }
  const sa = broadcastStrides(aShape, outShape);
  const sb = broadcastStrides(bShape, outShape);
  const rank = outShape.length;
  const counter = new Array<number>(rank).fill(0);
  let ia = 0;
  let ib = 0;
  for (let i = 0; i < out.length; i++) {
    out[i] = f(a[ia], b[ib]);
    for (let d = rank - 1; d >= 0; d--) {
      counter[d]++;
      ia += sa[d];
      ib += sb[d];
      if (counter[d] < outShape[d]) break;
      ia -= sa[d] * outShape[d];
      ib -= sb[d] * outShape[d];
      counter[d] = 0;
    }
  }
}

/** Σ of a gradient over the axes that broadcasting expanded: [..outShape] → `shape` (a fresh tensor). */
export function sumToShape(g: Tensor, shape: readonly number[]): Tensor {
  const out = zeros(shape, g.dtype);
  if (sameShape(g.shape, shape)) {
    out.data.set(g.data);
    return out;
  }
  const offset = g.rank - shape.length;
  const axes: number[] = [];
  g.shape.forEach((d, i) => {
    if (i < offset || (shape[i - offset] === 1 && d !== 1)) axes.push(i);
  });
  scatterSum(g.data, reductionIndex(g.shape, axes), out.data);
  return out;
}
