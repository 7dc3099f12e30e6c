import { configFromQuery, configToQuery } from "../experiment/config/query.js";
import type { ExperimentConfig } from "../experiment/config/types.js";

/** The page's tabs: the playground, and the run dashboard (served only). */
export type Tab = "lab" | "runs";

/** Everything the URL holds: run A's config, run B's (A/B view) if any, the tab, the stored runs open, autoplay. */
export interface PageState {
  config: ExperimentConfig;
  /** Run B of the A/B view: the config with a remedy applied. */
  configB: ExperimentConfig | null;
  /** What B changed, in words (the remedy's label). */
  labelB: string;
  tab: Tab;
  /** Stored run ids open in the dashboard (one, or two to compare). */
  open: number[];
  /** Start training as soon as the page loads. */
  play: boolean;
}

/** The URL parameters that are the page's own; every other parameter is a config path. */
const pageKeys = ["b", "blabel", "tab", "open", "play"];

/** The query string of a page state: config A's paths, then b=(B's query), blabel, tab, open, play. */
export function stateToQuery(s: PageState): string {
  const parts = [configToQuery(s.config)];
  if (s.configB !== null) parts.push(`b=${encodeURIComponent(configToQuery(s.configB))}`, `blabel=${encodeURIComponent(s.labelB)}`);
  if (s.tab !== "lab") parts.push(`tab=${s.tab}`);
  if (s.open.length > 0) parts.push(`open=${s.open.join(",")}`);
  if (s.play) parts.push("play=1");
  return parts.filter((p) => p !== "").join("&");
}

/** The page state of a query string (a leading "?" allowed); bad config parameters throw errors naming them. */
export function stateFromQuery(query: string): PageState {
  const params = new URLSearchParams(query.startsWith("?") ? query.slice(1) : query);
  const own = new URLSearchParams();
  for (const key of pageKeys) {
    const v = params.get(key);
    if (v !== null) own.set(key, v);
    params.delete(key);
  }
  const b = own.get("b");
  const tab = own.get("tab") === "runs" ? "runs" : "lab";
  const open = (own.get("open") ?? "").split(",").filter((t) => /^\d+$/.test(t)).map(Number);
  return {
    config: configFromQuery(params), configB: b === null ? null : configFromQuery(b), labelB: own.get("blabel") ?? "",
    tab, open, play: own.get("play") === "1",
  };
}
