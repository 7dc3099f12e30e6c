import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import { createWebServer } from "../../src/server/server.js";
import { RunStore } from "../../src/store/index.js";
import { StoredSession } from "../../src/cli/persist.js";
import { resolveConfig } from "../../src/experiment/config/validate.js";
import { prepareData } from "../../src/experiment/session/data.js";
import { ExperimentSession } from "../../src/experiment/session/session.js";
import { useEngine } from "../../src/experiment/session/engine.js";
import { stateFromQuery } from "../../src/web/url-state.js";
import type { TestView } from "../../src/web/ui/app.js";

// End to end: the playground served by the web server, driven in Debian's headless Chromium.
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const root = fileURLToPath(new URL("../../../", import.meta.url));
const webRoot = join(root, "dist", "web");
const shots = join(root, "test-artifacts", "web");
const skip = existsSync(CHROMIUM) ? false : `no Chromium at ${CHROMIUM}: browser tests skipped (apt-get install chromium, or set CHROMIUM)`;

declare const window: { __gradscope: { state(): TestView } };
const view = (page: Page) => page.evaluate(() => window.__gradscope.state());
/** Waits until the test hook's view satisfies `pred` (given as source over `v`, the TestView). */
const until = (page: Page, pred: string, timeout = 30000) =>
  page.waitForFunction(`(() => { const v = window.__gradscope && window.__gradscope.state(); return !!v && (${pred}); })()`, null, { timeout, polling: 50 });
/** |log ‖δ₁‖/‖δ_L‖|: 0 when the signal keeps its scale from the output to the input. */
const distanceFromOne = (r: number | null) => (r === null || !(r > 0) ? Infinity : Math.abs(Math.log(r)));

describe("web playground in headless Chromium", { skip }, () => {
  let browser: Browser;
  let server: Server;
  let store: RunStore;
  let base = "";
  let dir = "";
  const errors: string[] = [];

  const open = async (path: string, viewport = { width: 1280, height: 800 }): Promise<Page> => {
    const page = await browser.newPage({ viewport });
    page.on("console", (m) => { if (m.type() === "error") errors.push(`${path}: ${m.text()}`); });
    page.on("pageerror", (e) => errors.push(`${path}: ${e.message}`));
    await page.goto(base + path);
    await until(page, "v.runs.A && (v.runs.A.status !== 'setup' || v.runs.A.error !== null)");
    return page;
  };

  before(async () => {
    if (!existsSync(join(webRoot, "index.html"))) execFileSync(process.execPath, [join(root, "scripts", "build-web.js")], { stdio: "inherit" });
    mkdirSync(shots, { recursive: true });
    dir = mkdtempSync(join(tmpdir(), "gradscope-web-"));
    const db = join(dir, "runs.db");
    // A run stored by the CLI, for the dashboard.
    execFileSync(process.execPath, [join(root, "bin", "gradscope.js"), "run", "--depth", "4", "--width", "8", "--steps", "30", "--store", db, "--name", "cli-run", "--quiet"], { stdio: "pipe" });
    store = RunStore.open(db);
    // A second stored run (through the store, as the CLI writes it), to compare with the first.
    useEngine("reference");
    const config = resolveConfig({ model: { depth: 4, width: 8, activation: "sigmoid" }, train: { steps: 30 }, engine: "reference" });
    const session = new ExperimentSession(config, await prepareData(config));
    const stored = new StoredSession(store, session, "store-run");
    while (!session.done) { session.step(); stored.afterStep(); }
    stored.finish(session.finish());
    server = createWebServer({ root: webRoot, store });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    browser = await chromium.launch({ executablePath: CHROMIUM });
  });

  after(async () => {
    await browser?.close();
    server?.close();
    store?.close();
    if (dir !== "") rmSync(dir, { recursive: true, force: true });
  });

  test("changing depth and activation and pressing play fills the heatmap; a URL reproduces the run", async () => {
    const page = await open("?train.steps=150&probes.every=5");
    await page.locator("#c-model-depth").fill("12");
    await page.locator("#c-model-depth").press("Tab");
    await page.selectOption("#c-model-activation", "sigmoid");
    await until(page, "v.runs.A.depth === 12 && v.runs.A.status === 'running' && v.runs.A.inits >= 3");
    const heat = page.locator("#pane-A canvas.heatmap").first();
    const before = await heat.evaluate((c) => (c as unknown as { toDataURL(): string }).toDataURL());
    await page.keyboard.press("Escape");
    await page.click("#play");
    await until(page, "v.runs.A.status === 'completed'");
    await page.waitForFunction('document.querySelector("#pane-A canvas.heatmap").dataset.records === "31"');
    const afterPlay = await heat.evaluate((c) => (c as unknown as { toDataURL(): string }).toDataURL());
    assert.notEqual(afterPlay, before, "the heatmap changed");
    const v = await view(page);
    assert.equal(v.runs.A!.records, 31);
    const state = stateFromQuery(new URL(page.url()).search);
    assert.equal(state.config.model.depth, 12);
    assert.equal(state.config.model.activation, "sigmoid");
    assert.equal(state.config.train.steps, 150);
    // The same link trains to bit-identical numbers.
    const again = await open(`${new URL(page.url()).search}&play=1`);
    await until(again, "v.runs.A.status === 'completed'");
    assert.equal((await view(again)).runs.A!.ratio, v.runs.A!.ratio);
    assert.equal(await again.inputValue("#c-model-depth"), "12");
    await again.close();
    await page.close();
  });

  test("a preset trains, its finding appears, and the one-click remedy runs B with healthier gradients", async () => {
    const page = await open("");
    // Dying ReLU: the shortest preset that trains (300 steps of a 4-layer net at Adam lr 0.1).
    await page.selectOption("#preset", "dying-relu");
    await page.click("#load-preset");
    await until(page, "v.runs.A.status === 'completed' && v.runs.A.findings !== null && v.runs.B && v.runs.B.status === 'completed'", 45000);
    const a = (await view(page)).runs.A!;
    assert.ok(a.findings!.includes("deadRelu"), `findings of A: ${a.findings}`);
    await page.locator("#pane-A .finding[data-kind=deadRelu]").waitFor();
    await page.screenshot({ path: join(shots, "preset-ab-1280.png"), fullPage: false });
    const inits = (await view(page)).runs.B!.inits;
    const remedy = page.locator("#pane-A .finding[data-kind=deadRelu] button.remedy").first();
    const label = (await remedy.textContent())!;
    await remedy.click();
    await until(page, `v.runs.B.inits > ${inits} && v.runs.B.status === 'completed'`, 45000);
    const b = (await view(page)).runs.B!;
    assert.ok(distanceFromOne(b.ratio) < distanceFromOne(a.ratio), `‖δ₁‖/‖δ_L‖: A ${a.ratio}, B (${label}) ${b.ratio}`);
    // The pane shows the same number (drawn on the next animation frame).
    await page.waitForFunction(`document.querySelector("#pane-B").dataset.ratio === "${String(b.ratio)}"`);
    await page.waitForTimeout(150);
    await page.screenshot({ path: join(shots, "remedy-ab-1280.png"), fullPage: true });
    // The URL holds A, B and B's label; opening it shows the same A/B view.
    const state = stateFromQuery(new URL(page.url()).search);
    assert.equal(state.labelB, label);
    assert.equal(state.config.model.activation, "relu");
    assert.notEqual(state.configB, null);
    const copy = await open(new URL(page.url()).search);
    await until(copy, "v.runs.B !== null && v.runs.B.status === 'running'");
    assert.equal((await view(copy)).query, (await view(page)).query);
    await copy.locator("#pane-B h2", { hasText: `Run B: ${label}` }).waitFor();
    await copy.close();
    // Phone width: one column, no sideways scrolling.
    const phone = await open(`${new URL(page.url()).search}&play=1`, { width: 390, height: 844 });
    await until(phone, "v.runs.B !== null && v.runs.A.status === 'completed' && v.runs.B.status === 'completed'", 45000);
    await phone.waitForTimeout(150);
    await phone.screenshot({ path: join(shots, "phone-390-top.png") });
    await phone.locator("#pane-B").scrollIntoViewIfNeeded();
    await phone.screenshot({ path: join(shots, "phone-390-run-b.png") });
    const overflow = await phone.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth);
    assert.ok(overflow <= 391, `page width at 390 px: ${overflow}`);
    await phone.close();
    await page.close();
  });

  test("the dashboard lists the run the CLI stored, opens it in the same views, and compares two", async () => {
    const page = await open("");
    await page.locator("#tab-runs").waitFor({ state: "visible" });
    await page.click("#tab-runs");
    const row = page.locator("#runs-table tr", { hasText: "cli-run" });
    await row.waitFor();
    await row.locator("input[type=checkbox]").check();
    await page.click("#open-runs");
    const pane = page.locator("#runs .pane").first();
    await pane.waitFor();
    await page.waitForFunction("Number(document.querySelector('#runs .pane')?.dataset.records) > 0");
    assert.equal(await pane.getAttribute("data-records"), "4");
    assert.match(new URL(page.url()).search, /tab=runs&open=\d+/);
    await page.locator("#runs-table tr", { hasText: "store-run" }).locator("input[type=checkbox]").check();
    await page.click("#open-runs");
    await page.waitForFunction("document.querySelectorAll('#runs .panes.ab .pane[data-records=\"4\"]').length === 2");
    assert.match(new URL(page.url()).search, /tab=runs&open=\d+,\d+/);
    await page.screenshot({ path: join(shots, "dashboard-1280.png"), fullPage: true });
    await page.close();
  });

  test("an exploding net shows the NaN/Inf banner with its origin", async () => {
    const page = await open("?data.name=moons&model.depth=10&model.activation=relu&model.init=heNormal&optimizer.lr=0.15&train.steps=300&train.batch=32&probes.every=5&play=1");
    await until(page, "v.runs.A.status === 'nonfinite'");
    const banner = page.locator("#pane-A .banner");
    await banner.waitFor({ state: "visible" });
    const text = (await banner.textContent())!;
    assert.match(text, /at step \d+, (forward|backward|update) pass/);
    assert.match(text, /NaN\/Inf: training stopped/);
    await page.screenshot({ path: join(shots, "nonfinite-1280.png") });
    await page.close();
  });

  test("the static build works from file:// without the server", async () => {
    const page = await browser.newPage();
    page.on("pageerror", (e) => errors.push(`file://: ${e.message}`));
    await page.goto(`file://${join(webRoot, "index.html")}?train.steps=30&model.depth=5`);
    await until(page, "v.runs.A && v.runs.A.status === 'running'");
    await page.click("#play");
    await until(page, "v.runs.A.status === 'completed'");
    assert.equal((await view(page)).runs.A!.depth, 5);
    assert.ok(await page.locator("#tab-runs").isHidden(), "no Runs tab without the API");
    await page.close();
  });

  test("a config the data cannot take is reported with its path, and a bad link falls back to the defaults", async () => {
    const page = await open("?data.name=iris&train.batch=500");
    assert.match((await view(page)).runs.A!.error!, /train\.batch: 500 is larger than the 120 training examples/);
    assert.match((await page.locator(".page-error").textContent())!, /train\.batch/);
    await page.close();
    const bad = await open("?model.depth=-2");
    assert.match((await bad.locator(".page-error").textContent())!, /model\.depth/);
    assert.equal(await bad.inputValue("#c-model-depth"), "20");
    await bad.locator("#c-optimizer-lr").fill("-1");
    await bad.locator("#c-optimizer-lr").press("Tab");
    assert.match((await bad.locator("#c-optimizer-lr-error").textContent())!, /Learning rate/);
    await bad.close();
  });

  test("no page logged a console error", () => {
    assert.deepEqual(errors, []);
  });
});
