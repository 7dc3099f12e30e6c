import { round } from "./html.js";
import type { GainsView } from "./gains.js";
import { heatId } from "./sections/signal.js";
import type { ReportInput } from "./types.js";
import { profileAt, type RunView } from "./views.js";

/** The numbers behind the plots, embedded as JSON: full-precision depth profiles and gains, heatmap cells to 5 digits (for the hover read-out). */
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
  /** Heatmap id → its label, column steps and rows[layer][column]. */
  heat: Record<string, { label: string; steps: number[]; rows: number[][] }>;
}

/** The embedded data of a report. */
export function reportData(input: ReportInput, views: RunView[], gains: GainsView[]): ReportData {
  const heat: ReportData["heat"] = {};
  for (const v of views) {
    for (const metric of ["deltaNorm", "weightGradNorm"] as const) {
      heat[heatId(v.index, metric)] = { label: metric === "deltaNorm" ? "‖δ‖" : "‖∂L/∂W‖", steps: v.columns.step, rows: v.heat[metric].map((r) => Array.from(r, (x) => round(x))) };
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
