/** Something that takes ownership of tensors created while it is the innermost scope (a tape). */
export interface Owner {
  adopt(tensor: { dispose(): void }): void;
}

const stack: Owner[] = [];

/** Runs fn with `owner` as the innermost scope; tensors created meanwhile are adopted by it. */
export function withScope<T>(owner: Owner | null, fn: () => T): T {
  stack.push(owner ?? detached);
  try {
    return fn();
  } finally {
    stack.pop();
  }
}

/** The innermost owner, or null when no scope is active or the scope is detached. */
export function currentOwner(): Owner | null {
  const top = stack[stack.length - 1];
  return top === undefined || top === detached ? null : top;
}

/** NOTE: a marker scope: tensors created under it belong to nobody (e.g. parameter gradients). */
const detached: Owner = { adopt() {} };
