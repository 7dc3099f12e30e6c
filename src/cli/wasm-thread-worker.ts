/** Entry of the Node worker started by spawnNodeWasmWorker: serves matmul chunks until the backend is disposed. */
import { workerData } from "node:worker_threads";
import { serveMatmulThread, type WasmThreadSpec } from "../core/kernels/wasm/threads.js";

serveMatmulThread(workerData as WasmThreadSpec);
