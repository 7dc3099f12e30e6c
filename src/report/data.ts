import { base64 } from "./png.js";
import type { GainsView } from "./gains.js";
import { heatId } from "./sections/signal.js";
import type { ReportInput } from "./types.js";
import { profileAt, type RunView } from "./views.js";

/** The numbers behind the plots, embedded as JSON: full-precision depth profiles and gains, heatmap cells as float32 (for the hover read-out). */
export interface ReportData {
  generator: "gradscope";
  title: string;
  runs: {
    id: number | null;
    name: string;
    status: string;
    depth: number;
    records: number;
    /** ‖δ_l‖, l = 1…L, at the profile steps. */
    profiles: { step: number; deltaNorm: number[] }[];
    gains: { step: number; layers: number[]; predicted: number[] | null; measured: number[] };
  }[];
  /** Heatmap id → its label, column steps, and its cells as base64 little-endian float32, layer-major: cell (l, c) at l·columns + c. */
  heat: Record<string, { label: string; steps: number[]; layers: number; f32: string }>;
}

/** The embedded data of a report. */
export function reportData(input: ReportInput, views: RunView[], gains: GainsView[]): ReportData {
  const heat: ReportData["heat"] = {};
  for (const v of views) {
    for (const metric of ["deltaNorm", "weightGradNorm"] as const) {
      const rows = v.heat[metric], cols = v.columns.step.length;
      const cells = new Float32Array(rows.length * cols);
      rows.forEach((r, l) => cells.set(r, l * cols));
      heat[heatId(v.index, metric)] = { label: metric === "deltaNorm" ? "‖δ‖" : "‖∂L/∂W‖", steps: v.columns.step, layers: rows.length, f32: base64(new Uint8Array(cells.buffer)) };
    }
  }
  return {
    generator: "gradscope",
    title: input.title,
    runs: views.map((v) => ({
      id: v.run.id ?? null, name: v.run.name, status: v.run.status, depth: v.run.recording.depth, records: v.run.recording.count,
      profiles: v.profileRecords.map((r) => ({ step: v.run.recording.steps[r], deltaNorm: profileAt(v.run, "deltaNorm", r) })),
      gains: { step: gains[v.index].step, layers: gains[v.index].layers, predicted: gains[v.index].predicted, measured: gains[v.index].measured },
    })),
    heat,
  };
}
