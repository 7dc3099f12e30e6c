/**
 * A pool worker thread: receives { type: "run", task } messages, trains each task (runTask) and
 * posts { type: "done", outcome }; { type: "stop" } ends the current run as interrupted and
 * refuses the next ones.
 */
import { parentPort } from "node:worker_threads";
import { runTask, type RunTask } from "./task.js";

/** Messages from the pool to a worker. */
export type ToWorker = { type: "run"; task: RunTask } | { type: "stop" };

let stopping = false;
const port = parentPort;
if (port === null) throw new Error("pool worker: started outside a worker thread");
port.on("message", (message: ToWorker) => {
  if (message.type === "stop") {
    stopping = true;
    return;
  }
  void runTask(message.task, () => stopping).then((outcome) => port.postMessage({ type: "done", outcome }));
});
