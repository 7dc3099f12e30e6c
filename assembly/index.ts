/** Entry point of the kernel module: every export the loader binds. */
export { matmul } from "./matmul";
export { reservedEnd } from "./scratch";
