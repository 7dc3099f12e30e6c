// The HTML report of real short trainings: every section is there, it references nothing
// outside the file, the embedded numbers are the recording's, NaN runs show where they broke,
// and several runs share their scales.
import assert from "node:assert/strict";
import { test } from "node:test";
import { renderReport } from "../../src/report/index.js";
import { divergedRun, embeddedData, externalReferences, heatCell, reluRun, sigmoidRun, trained } from "./fixtures.js";

/** The width and height of every embedded PNG (parsed from its IHDR chunk). */
function pngSizes(html: string): { width: number; height: number }[] {
  return [...html.matchAll(/href="data:image\/png;base64,([A-Za-z0-9+/=]+)"/g)].map((m) => {
    const b = Buffer.from(m[1], "base64");
    assert.deepEqual([...b.subarray(0, 8)], [137, 80, 78, 71, 13, 10, 26, 10], "PNG signature");
    return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
  });
}

test("a report of one run has every section, opens offline and embeds the recording's numbers", async () => {
  const run = await sigmoidRun();
  const html = renderReport({ title: "sigmoid <depth 6>", runs: [run] });
  assert.ok(html.startsWith("<!DOCTYPE html>"));
  assert.match(html, /<title>sigmoid &lt;depth 6&gt;<\/title>/);
  for (const id of ["overview", "findings", "heatmaps", "depth", "curves", "activations", "updates"]) assert.match(html, new RegExp(`<section id="${id}">`), id);
  assert.doesNotMatch(html, /<section id="compare">/, "no comparison for one run");
  for (const caption of ["Backprop signal ‖δ_l‖", "Weight gradient ‖∂L/∂W_l‖", "Depth profile of ‖δ_l‖", "Per-layer gain", "Loss", "Accuracy", "Activation histograms", "Saturated fraction", "Update / weight ratio"]) {
    assert.ok(html.includes(`<figcaption>${caption}`), caption);
  }
  assert.deepEqual(externalReferences(html), []);
  const rec = run.recording;
  // two heatmaps, one pixel per (layer, record)
  assert.deepEqual(pngSizes(html), [{ width: rec.count, height: rec.depth }, { width: rec.count, height: rec.depth }]);
  // one mini histogram per layer
  assert.equal(html.match(/class="chart-svg mini"/g)?.length, rec.depth);
  const data = embeddedData(html);
  const profile = data.runs[0].profiles;
  assert.deepEqual(profile.map((p) => p.step), [rec.steps[0], rec.steps[Math.floor((rec.count - 1) / 2)], rec.steps[rec.count - 1]]);
  profile[0].deltaNorm.forEach((v, l) => assert.equal(v, rec.layers.deltaNorm[l][0], `‖δ_${l + 1}‖ at the first step`));
  assert.ok(html.includes(String(rec.layers.deltaNorm[0][rec.count - 1])), "a known ‖δ₁‖ appears verbatim");
  const heat = data.heat["r0-deltaNorm"];
  assert.deepEqual(heat.steps, Array.from(rec.steps.subarray(0, rec.count)));
  assert.equal(heat.layers, rec.depth);
  assert.equal(heatCell(heat, 2, 3), Math.fround(rec.layers.deltaNorm[2][3]), "heatmap cell = recorded ‖δ₃‖ (as float32)");
  // measured gains are the ratios of consecutive ‖δ‖ at the first record; theory applies to a plain MLP
  data.runs[0].gains.measured.forEach((g, l) => assert.equal(g, rec.layers.deltaNorm[l][0] / rec.layers.deltaNorm[l + 1][0]));
  assert.equal(data.runs[0].gains.predicted?.length, rec.depth - 1);
  // the findings with their remedies as config changes
  assert.ok(run.findings.length > 0);
  for (const f of run.findings) assert.ok(html.includes(f.title.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;")), f.title);
  const remedy = run.findings.flatMap((f) => f.remedies)[0];
  const [path, value] = Object.entries(remedy.change)[0];
  assert.ok(html.includes(`${path} = ${JSON.stringify(value).replace(/"/g, "&quot;")}`), "a remedy's config change is shown");
  assert.ok(html.length < 400_000, `file size ${html.length}`);
});

test("a diverged run shows where the first NaN/Inf appeared and hatches its non-finite cells", async () => {
  const run = await divergedRun();
  assert.equal(run.status, "nonfinite");
  const nf = run.recording.nonFinite!;
  const html = renderReport({ title: "diverged", runs: [run] });
  assert.match(html, new RegExp(`First non-finite value: <code>${nf.tensor}</code>.*layer ${nf.layer}, ${nf.pass} pass, step ${nf.step}`));
  assert.match(html, /<rect [^>]*fill="url\(#hatch-r0-deltaNorm\)"><title>layer \d+, step \d+: (NaN|Infinity|-Infinity)<\/title>/);
  assert.ok(html.includes("NaN / ±Inf"), "the legend names the hatched cells");
  assert.ok(html.includes("first NaN/Inf"), "the loss curve marks the step");
  assert.ok(run.findings.some((f) => f.kind === "nonFinite"));
  const data = embeddedData(html);
  assert.ok(data.runs[0].profiles.at(-1)!.deltaNorm.some((v) => typeof v === "string"), "non-finite values travel as strings in the JSON");
  assert.deepEqual(externalReferences(html), []);
});

test("several runs render side by side on shared colour scales, with overlays of depth profiles and losses", async () => {
  const [a, b, c] = await Promise.all([sigmoidRun(), reluRun(), divergedRun()]);
  const html = renderReport({ title: "three", runs: [{ ...a, id: 7 }, b, c], notes: ["grid: activation × lr"] });
  assert.match(html, /<section id="compare">/);
  assert.ok(html.includes("Final depth profiles of ‖δ_l‖") && html.includes("Training loss"));
  assert.equal(html.match(/<div class="runs" style="--runs:3">/g)?.length, 7, "every per-run section has three columns");
  for (const name of ["#7 sigmoid-6", "relu-6", "diverged"]) assert.ok(html.includes(`</span>${name}</h3>`), name);
  assert.ok(html.includes("<li>grid: activation × lr</li>"));
  assert.equal(html.match(/<div class="differs"><dt>model<\/dt>/g)?.length, 3, "the differing model field is highlighted in every column");
  assert.doesNotMatch(html, /<div class="differs"><dt>seed<\/dt>/, "equal fields are not");
  // the colour bars of the ‖δ‖ heatmaps are identical: one shared scale
  const bar = (i: number) => new RegExp(`fill="url\\(#ramp-r${i}-deltaNorm\\)"[^>]*/>(.*?)<text class="axis-title"`).exec(html)?.[1];
  assert.ok(bar(0) && bar(0) === bar(1) && bar(1) === bar(2), "shared colour bar");
  const data = embeddedData(html);
  assert.deepEqual(data.runs.map((r) => r.name), ["sigmoid-6", "relu-6", "diverged"]);
  assert.deepEqual(externalReferences(html), []);
});

test("with batch norm the report says mean-field theory does not apply and shows the measured gains only", async () => {
  const run = await trained("bn", { model: { depth: 3, width: 8, norm: { kind: "batch" } }, train: { steps: 6, batch: 16, evalEvery: 0 }, probes: { every: 1 } });
  const html = renderReport({ title: "bn", runs: [run] });
  assert.match(html, /Mean-field theory does not apply to this model: model\.norm\.kind: &quot;batch&quot; is not covered/);
  assert.equal(embeddedData(html).runs[0].gains.predicted, null);
});

test("long runs are bucketed to at most 400 heatmap columns, names are escaped, and the JSON cannot close its script", async () => {
  const run = await trained("long", { model: { depth: 2, width: 4 }, train: { steps: 450, batch: 8, evalEvery: 0 }, probes: { every: 1 } });
  const evil = { ...run, name: "</script><script>alert(1)</script>" };
  const html = renderReport({ title: "long", runs: [evil] });
  assert.deepEqual(pngSizes(html).map((s) => s.width), [400, 400]);
  assert.equal(html.match(/<script/g)?.length, 2, "only the data block and the report's script");
  assert.ok(html.includes("450 records shown as 400 columns"));
  assert.equal(embeddedData(html).runs[0].name, evil.name);
});

test("edge cases render: one hidden layer, a regression run, a run without records, a residual net", async () => {
  const one = await trained("depth1", { model: { depth: 1, width: 4 }, train: { steps: 5, batch: 8, evalEvery: 0 } });
  const reg = await trained("reg", { data: { name: "gaussian", task: "regression", n: 200, dimension: 5, outputs: 2 }, loss: "meanSquaredError", model: { depth: 3, width: 8 }, train: { steps: 10, batch: 20, evalEvery: 5 } });
  const res = await trained("res", { model: { depth: 4, width: 8, residual: { every: 2 } }, train: { steps: 5, batch: 8, evalEvery: 0 } });
  const empty = { ...one, name: "empty", recording: { ...one.recording, count: 0 } };
  assert.ok(renderReport({ title: "1", runs: [one] }).includes("A single hidden layer has no layer-to-layer gain."));
  assert.ok(renderReport({ title: "r", runs: [reg] }).includes("No accuracy: this is a regression run."));
  assert.match(renderReport({ title: "e", runs: [empty] }), /No records\./);
  assert.match(renderReport({ title: "s", runs: [res] }), /does not apply to this model: model\.residual\.every: 2 is not covered/);
  const all = renderReport({ title: "all", runs: [one, reg, empty, res] });
  assert.equal(all.match(/<div class="runs" style="--runs:4">/g)?.length, 7);
  assert.deepEqual(externalReferences(all), []);
});
