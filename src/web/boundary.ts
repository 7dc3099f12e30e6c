import { Tape } from "../core/tape.js";
import { tensor } from "../core/tensor.js";
import type { Network } from "../nn/network.js";
import type { Rng } from "../core/rng.js";
import type { Dataset } from "../experiment/datasets/dataset.js";
import { isClassification } from "../experiment/datasets/dataset.js";
import type { BoundaryGrid, PlanePoints } from "./protocol.js";

/** At most this many training points go to the page for the scatter under the boundary. */
const MAX_POINTS = 600;

/** The 2-D training points of a classification split and the square [lo, hi]² around them (margin ½). */
export function planePoints(train: Dataset): PlanePoints | null {
  if (train.features !== 2 || !isClassification(train)) return null;
  const n = Math.min(train.n, MAX_POINTS);
  const x = Float32Array.from(train.x.subarray(0, 2 * n));
  const labels = Int32Array.from(train.labels.subarray(0, n));
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < 2 * train.n; i++) {
    lo = Math.min(lo, train.x[i]);
    hi = Math.max(hi, train.x[i]);
  }
  return { x, labels, lo: lo - 0.5, hi: hi + 0.5 };
}

/**
 * The network's decision on a side × side grid over the plane's square, in evaluation mode:
 * per cell the arg-max class of softmax(z) (or σ(z) > ½ for one output) and its probability.
 * Row 0 is the top (y = hi), column 0 the left (x = lo).
 */
export function boundaryGrid(net: Network, plane: PlanePoints, side: number, rng: Rng): BoundaryGrid {
  const n = side * side;
  const xs = new Float64Array(2 * n);
  const step = (plane.hi - plane.lo) / (side - 1);
  for (let r = 0; r < side; r++) {
    for (let c = 0; c < side; c++) {
      xs[2 * (r * side + c)] = plane.lo + c * step;
      xs[2 * (r * side + c) + 1] = plane.hi - r * step;
    }
  }
  const classes = new Int32Array(n);
  const confidence = new Float32Array(n);
  const tape = new Tape();
  try {
    tape.run(() => {
      const z = net.forward(tensor(xs, [n, 2]), { training: false, rng });
      const k = z.shape[1], d = z.data;
      for (let i = 0; i < n; i++) {
        if (k === 1) {
          const p = 1 / (1 + Math.exp(-d[i]));
          classes[i] = p > 0.5 ? 1 : 0;
          confidence[i] = Math.max(p, 1 - p);
          continue;
        }
        let best = 0, max = -Infinity, sum = 0;
        for (let j = 0; j < k; j++) if (d[i * k + j] > max) { max = d[i * k + j]; best = j; }
        for (let j = 0; j < k; j++) sum += Math.exp(d[i * k + j] - max);
        classes[i] = best;
        confidence[i] = 1 / sum;
      }
    });
  } finally {
    tape.dispose();
  }
  return { side, classes, confidence };
}
