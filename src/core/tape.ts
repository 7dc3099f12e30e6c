import { kernelsFor } from "./backend.js";
import { GradscopeError, ShapeError, formatShape } from "./errors.js";
import { withScope, currentOwner, type Owner } from "./scope.js";
import { sameShape } from "./shape.js";
import { Tensor, copyOf, ones, type TapeNode } from "./tensor.js";

let active: Tape | null = null;

/**
 * Reverse-mode automatic differentiation over a recorded tape, and the owner of every tensor
 * created while it runs. `run` records ops; `backward(loss)` fills `.grad` of every recorded
 * tensor (so ∂L/∂h of any intermediate can be read) and accumulates into the `.grad` of leaf
 * tensors with `requiresGrad`; `dispose` releases all intermediates and their gradients.
 *
 * @example
 * const tape = new Tape();
 * const loss = tape.run(() => mean(square(sub(matmul(x, w), y))));
 * tape.backward(loss);          // w.grad now holds ∂L/∂w
 * const value = loss.item();
 * tape.dispose();
 */
export class Tape implements Owner {
  private readonly nodes: Tensor[] = [];
  private readonly owned = new Set<Tensor>();
  private readonly kept = new Set<Tensor>();
  private disposed = false;

  /** Runs fn with this tape recording; ops inside record themselves and their outputs belong to the tape. */
  run<T>(fn: () => T): T {
    if (this.disposed) throw new GradscopeError("tape: run() after dispose()");
    const outer = active;
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the module tracks which tape records
    active = this;
    try {
      return withScope(this, fn);
    } finally {
      active = outer;
    }
  }

  /** @internal called by Tensor's constructor. */
  adopt(tensor: Tensor): void {
    this.owned.add(tensor);
  }

  /** @internal called by recordOp for outputs that need a gradient. */
  pushNode(output: Tensor): void {
    this.nodes.push(output);
  }

  /** Keeps a tensor alive past dispose() (the caller then owns it); returns it. */
  keep(t: Tensor): Tensor {
    this.kept.add(t);
    return t;
  }

  /**
   * Back-propagates from `loss` (a scalar, or any tensor with an explicit `seed` = ∂L/∂loss of
   * the same shape). Leaf gradients accumulate across calls, as in PyTorch (clear them with
   * `zeroGrad`); the gradients of intermediates are those of the latest call.
   */
  backward(loss: Tensor, seed?: Tensor): void {
    if (!loss.requiresGrad) throw new GradscopeError("backward: the loss does not depend on any tensor that requires a gradient");
    if (seed === undefined && loss.size !== 1) {
      throw new ShapeError(`backward: loss of shape ${formatShape(loss.shape)} is not a scalar; pass a seed gradient of the same shape`);
    }
    if (seed !== undefined && !sameShape(seed.shape, loss.shape)) {
      throw new ShapeError(`backward: seed ${formatShape(seed.shape)} does not match loss ${formatShape(loss.shape)}`);
    }
    // NOTE: each backward starts afresh on the recorded intermediates (a second loss on the same
    // tape must not re-send the first one's gradients); leaf gradients still accumulate.
    for (const out of this.nodes) out.grad = null;
    if (loss.node !== null) loss.grad = null;
    withScope(this, () => {
      const start = seed === undefined ? ones(loss.shape, loss.dtype) : copyOf(seed);
      this.accumulate(loss, start);
      for (let i = this.nodes.length - 1; i >= 0; i--) {
        const out = this.nodes[i];
        const node = out.node as TapeNode;
        const dy = out.grad;
        if (dy === null || out.node === null) continue;
        const grads = node.backward(dy);
        node.inputs.forEach((input, j) => {
          const g = grads[j];
          if (g === null || g === undefined || !input.requiresGrad) return;
          if (!sameShape(g.shape, input.shape)) {
            throw new ShapeError(`${node.op} backward: gradient ${formatShape(g.shape)} does not match input ${formatShape(input.shape)}`);
          }
          // NOTE: a gradient that is dy itself, or serves two inputs, is copied, except dy passed on
          // unchanged to an intermediate that no other op reads: nothing will add into that one's
          // gradient, so both tensors may hold the same (read-only) gradient.
          const passedOn = g === dy && grads.indexOf(g) === j && input.node !== null && input.uses === 1;
          const shared = !passedOn && (g === dy || grads.indexOf(g) !== j);
          this.accumulate(input, shared ? copyOf(g) : g);
        });
      }
    });
  }

  /** Adds g into t.grad; leaves outside the tape get a persistent gradient that survives dispose(). */
  private accumulate(t: Tensor, g: Tensor): void {
    if (t.grad === null) {
      if (t.node === null && !this.owned.has(t)) {
        // A leaf outside the tape keeps its gradient past dispose(): take g out of the tape's
        // ownership when the tape made it, copy it otherwise.
        if (this.owned.delete(g)) t.grad = g;
        else t.grad = withScope(null, () => copyOf(g));
      } else {
        t.grad = g;
      }
      return;
    }
    kernelsFor(t.dtype).axpy(1, g.data, t.grad.data);
  }

  /** Releases every tensor created under this tape (and the gradients it made), except kept ones. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const t of this.owned) {
      if (this.kept.has(t)) continue;
      t.node = null;
      t.dispose();
    }
    for (const t of this.kept) t.node = null;
    this.owned.clear();
    this.nodes.length = 0;
  }
}

/** The tape currently recording, if any. */
export function activeTape(): Tape | null {
  return active;
}

/**
 * Records `output` as produced by `op` from `inputs` when a tape is recording and some input
 * requires a gradient; `backward` maps ∂L/∂output to ∂L/∂input (fresh tensors, or null).
 */
export function recordOp(op: string, inputs: readonly Tensor[], output: Tensor, backward: (dy: Tensor) => (Tensor | null)[]): Tensor {
  if (active === null || currentOwner() !== active) return output;
  if (!inputs.some((t) => t.requiresGrad)) return output;
  output.requiresGrad = true;
  output.node = { op, inputs, backward };
  for (const t of inputs) t.uses++;
  active.pushNode(output);
  return output;
}

/**
 * Clears the gradients of the given leaf tensors: each `.grad` is released and set to null
 * (as PyTorch's zero_grad(set_to_none=True)); the next backward starts them afresh, and the
 * released memory is reused.
 */
export function zeroGrad(params: Iterable<Tensor>): void {
  for (const p of params) {
    p.grad?.dispose();
    p.grad = null;
  }
}
