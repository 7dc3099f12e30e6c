import type { ServerResponse } from "node:http";
import { GradscopeError } from "../core/errors.js";
import type { Finding } from "../diagnosis/finding.js";
import { toJSON } from "../probes/serialize.js";
import type { RunInfo, RunStore } from "../store/index.js";
import type { RunDetail, RunListItem } from "../web/api-types.js";

/** Sends a JSON body (NaN and ±Infinity as the strings the recording's JSON uses). */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body, (_k, v: unknown) => (typeof v === "number" && !Number.isFinite(v) ? String(v) : v));
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" });
  res.end(text);
}

/** "20 × 32 tanh on spirals" from a stored config (any JSON; unknown parts are left out). */
export function runLabel(config: unknown): string {
  const c = (config ?? {}) as { model?: { depth?: number; width?: number; widths?: number[]; activation?: unknown }; data?: { name?: string } };
  const act = c.model?.activation;
  const name = typeof act === "string" ? act : Array.isArray(act) ? "mixed" : (act as { name?: string } | undefined)?.name ?? "?";
  const shape = c.model?.widths ? `${c.model.widths.length} layers` : `${c.model?.depth ?? "?"} × ${c.model?.width ?? "?"}`;
  return `${shape} ${name} on ${c.data?.name ?? "?"}`;
}

/** A run as GET /api/runs lists it. */
export function listItem(r: RunInfo): RunListItem {
  const acc = (r.summary as { finalTest?: { accuracy?: unknown } } | null)?.finalTest?.accuracy;
  return {
    id: r.id, name: r.name, status: r.status, createdAt: r.createdAt, finishedAt: r.finishedAt, seed: r.seed, engine: r.engine,
    records: r.records, lastStep: r.lastStep, label: runLabel(r.config), testAccuracy: typeof acc === "number" && Number.isFinite(acc) ? acc : null,
  };
}

/**
 * The JSON API of the run dashboard: GET /api/runs (newest first) and GET /api/runs/:id (config,
 * summary, findings, recording). Returns false when the path is not an API path.
 */
export function handleApi(store: RunStore | null, path: string, res: ServerResponse): boolean {
  if (path !== "/api" && !path.startsWith("/api/")) return false;
  if (store === null) {
    sendJson(res, 404, { error: "this server has no run store" });
    return true;
  }
  if (path === "/api/runs" || path === "/api/runs/") {
    sendJson(res, 200, store.listRuns().map(listItem));
    return true;
  }
  const m = /^\/api\/runs\/(\d+)$/.exec(path);
  if (m === null) {
    sendJson(res, 404, { error: `no API at ${path}: use /api/runs or /api/runs/:id` });
    return true;
  }
  const id = Number(m[1]);
  let run: RunInfo;
  try {
    run = store.getRun(id);
  } catch (e) {
    if (e instanceof GradscopeError) {
      sendJson(res, 404, { error: e.message });
      return true;
    }
    throw e;
  }
  const detail: RunDetail = {
    id: run.id, name: run.name, status: run.status, engine: run.engine, config: run.config, summary: run.summary, error: run.error,
    findings: store.getFindings<Finding & { kind: string; severity: string }>(id), recording: toJSON(store.loadRecording(id)),
  };
  sendJson(res, 200, detail);
  return true;
}
