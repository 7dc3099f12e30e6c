import { hiddenWidths, type ExperimentConfig } from "../experiment/config/index.js";

/** A name for the activation field (one name, or a per-layer list). */
function activationName(a: ExperimentConfig["model"]["activation"]): string {
  const one = (x: unknown) => (typeof x === "string" ? x : (x as { name: string }).name);
  return Array.isArray(a) ? `${one(a[0])}…` : one(a);
}

/** "20×32 tanh" or "64,32,16 relu": the hidden layers of a config. */
export function shapeOf(config: ExperimentConfig): string {
  const w = hiddenWidths(config.model);
  const shape = w.every((x) => x === w[0]) ? `${w.length}×${w[0]}` : w.join(",");
  return `${shape} ${activationName(config.model.activation)}`;
}

/** A one-line summary of a config: model, remedies in place, optimizer, length, data, seed, engine. */
export function configSummary(config: ExperimentConfig): string {
  const m = config.model;
  const init = typeof m.init === "string" ? m.init : m.init.name;
  const parts = [`${shapeOf(config)} MLP, init ${init}`];
  if (m.norm.kind !== "none") parts.push(`${m.norm.kind} norm ${m.norm.placement}`);
  if (m.residual.every > 0) parts.push(`residual every ${m.residual.every}`);
  if (m.dropout > 0) parts.push(`dropout ${m.dropout}`);
  const t = config.train;
  parts.push(`${config.optimizer.name} lr ${config.optimizer.lr}${config.schedule.name !== "constant" ? ` (${config.schedule.name})` : ""}`);
  if (config.clip !== null) parts.push(`clip ${config.clip.kind} ${config.clip.threshold}`);
  if (config.regularization.l2 > 0) parts.push(`l2 ${config.regularization.l2}`);
  if (config.regularization.l1 > 0) parts.push(`l1 ${config.regularization.l1}`);
  parts.push(`${t.steps !== undefined ? `${t.steps} steps` : `${t.epochs} epochs`} of batch ${t.batch}`);
  parts.push(`loss ${config.loss}`, `seed ${config.seed}`);
  return parts.join(", ");
}

/** The default run name: "tanh 20×32 on spirals". */
export function defaultRunName(config: ExperimentConfig): string {
  return `${shapeOf(config)} on ${config.data.name}`;
}
