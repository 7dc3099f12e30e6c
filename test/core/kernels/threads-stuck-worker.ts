// Misbehaving workers for threads.test.ts, run only as a Worker with workerData { spec, mode }:
//   "stuck": claims one chunk of the first split matmul it sees and never completes it, like a
//            worker that died mid-chunk;
//   "slow":  claims chunks like a real worker but sleeps `delayMs` before computing each, like a
//            worker preempted by other processes.
import { isMainThread, workerData } from "node:worker_threads";
import { CONTROL_LAYOUT, controlView, threadExports, type WasmThreadSpec } from "../../../src/core/kernels/wasm/threads.js";
import { wasmApi } from "../../../src/core/kernels/wasm/webassembly.js";

if (!isMainThread) {
  const { spec, mode, delayMs } = workerData as { spec: WasmThreadSpec; mode: "stuck" | "slow"; delayMs?: number };
  const instance = new (wasmApi().Instance)(spec.module, { env: { memory: spec.memory, abort: () => undefined } });
  const wasm = threadExports(instance);
  const ctl = controlView(spec.memory, wasm);
  const { SEQ, READY, CLAIM, COMPLETED, WAITING, ARGS } = CONTROL_LAYOUT;
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  let seen = Atomics.load(ctl, SEQ);
  Atomics.add(ctl, READY, 1);
  for (;;) {
    const seq = Atomics.load(ctl, SEQ);
    if (seq === seen) continue;
    seen = seq;
    const v = Atomics.load(ctl, CLAIM);
    const chunks = (v >>> 5) & 31, next = v & 31;
    if (v >>> 10 !== seq || next >= chunks || Atomics.compareExchange(ctl, CLAIM, v, v + 1) !== v) continue;
    if (mode === "stuck") Atomics.wait(sleeper, 0, 0); // forever
    Atomics.wait(sleeper, 0, 0, delayMs ?? 20);
    const [a, b, c, m, k, n, tA, tB, acc, byColumns, size] = Array.from(ctl.subarray(ARGS, ARGS + 11));
    const lo = next * size;
    if (byColumns) wasm.matmulPart(a, b, c, m, k, n, tA, tB, acc, 0, m, lo, Math.min(n, lo + size), spec.thread);
    else wasm.matmulPart(a, b, c, m, k, n, tA, tB, acc, lo, Math.min(m, lo + size), 0, n, spec.thread);
    Atomics.add(ctl, COMPLETED, 1);
    if (Atomics.load(ctl, WAITING) !== 0) Atomics.notify(ctl, COMPLETED);
  }
}
