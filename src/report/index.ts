/** The HTML report: one self-contained page per run or comparison of runs. */
export { renderReport } from "./render.js";
export type { ReportInput, ReportRun } from "./types.js";
export type { ReportData } from "./data.js";
