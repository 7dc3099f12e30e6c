/**
 * Entry point of the shared-memory builds (simd-shared, relaxed-shared): every export of the
 * single-thread module (assembly/index.ts) plus the threads exports. Compiled with
 * --enable threads --sharedMemory --maximumMemory, so that one memory is shared between the
 * instances of several threads; the scratch layout then reserves one packing set per thread.
 */
export * from "./index";
export { matmulPart, threadControl, threadControlBytes, threadScratchSets, tileCols, tileRows } from "./threads";
