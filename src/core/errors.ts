/** Base class of every error gradscope raises on purpose: its message is meant for the user, no stack trace needed. */
export class GradscopeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "GradscopeError";
  }
}

/** Shapes or dtypes that an op cannot combine; the message names the op and both operands. */
export class ShapeError extends GradscopeError {
  constructor(message: string) {
    super(message);
    this.name = "ShapeError";
  }
}

/** "[2, 3]": a shape as the error messages print it. */
export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(", ")}]`;
}
