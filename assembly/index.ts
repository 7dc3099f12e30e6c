/**
 * Entry point of the kernel module: every export the loader binds. The build compiles this
 * file twice, with `--enable simd` and with `--enable simd,relaxed-simd`.
 */
export { matmul } from "./matmul";
export { reservedEnd } from "./scratch";
export { addRowVector, axpy, sumRows } from "./rows";
export { axpySums, axpySumsSlot } from "./update";
export * from "./elementwise";
