#!/usr/bin/env node
// Entry point of the gradscope command. Relaxed SIMD needs a V8 flag on Node 20 (on by
// default in newer Node); it must be set before any WebAssembly module is compiled.
import v8 from "node:v8";

v8.setFlagsFromString("--experimental-wasm-relaxed-simd");
const { main } = await import("../dist/src/cli/main.js");
process.exitCode = await main(process.argv.slice(2));
