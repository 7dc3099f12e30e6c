// The report in headless Chromium with the network cut off: no console errors, every chart
// drawn, heatmap PNGs decoded, no horizontal overflow on a phone; screenshots for a human eye.
import assert from "node:assert/strict";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium, type Browser } from "playwright-core";
import { renderReport } from "../../src/report/index.js";
import { divergedRun, sigmoidRun } from "./fixtures.js";

const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const root = fileURLToPath(new URL("../../../", import.meta.url));
const shots = join(root, "test-artifacts", "report");
const skip = existsSync(CHROMIUM) ? false : `no Chromium at ${CHROMIUM}: report browser test skipped (apt-get install chromium, or set CHROMIUM)`;

describe("the HTML report in headless Chromium, offline", { skip }, () => {
  let browser: Browser;
  before(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM });
    mkdirSync(shots, { recursive: true });
  });
  after(async () => browser?.close());

  for (const [name, width] of [["one-run", 1280], ["two-runs", 1280], ["two-runs-phone", 390]] as const) {
    test(`${name} at ${width}px: renders every chart without errors or requests`, async () => {
      const runs = name === "one-run" ? [await sigmoidRun()] : [await sigmoidRun(), await divergedRun()];
      const file = join(shots, `${name}.html`);
      writeFileSync(file, renderReport({ title: `gradscope report — ${name}`, runs }));
      const page = await browser.newPage({ viewport: { width, height: 900 } });
      const errors: string[] = [];
      const requests: string[] = [];
      page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
      page.on("pageerror", (e) => errors.push(e.message));
      await page.route("**/*", (route) => {
        const url = route.request().url();
        if (url.startsWith("file:") || url.startsWith("data:")) return route.continue();
        requests.push(url);
        return route.abort();
      });
      await page.goto(pathToFileURL(file).href);
      const state = await page.evaluate(async () => {
        const doc = (globalThis as unknown as { document: { querySelectorAll(s: string): ArrayLike<{ getBoundingClientRect(): { width: number; height: number }; getAttribute(n: string): string | null }>; documentElement: { scrollWidth: number; getAttribute(n: string): string | null } } }).document;
        const Img = (globalThis as unknown as { Image: new () => { src: string; decode(): Promise<void>; naturalWidth: number } }).Image;
        const charts = Array.from(doc.querySelectorAll("svg.chart-svg"));
        const images = Array.from(doc.querySelectorAll("image.heat"));
        const decoded: number[] = [];
        for (const im of images) {
          const img = new Img();
          img.src = im.getAttribute("href") ?? "";
          await img.decode();
          decoded.push(img.naturalWidth);
        }
        return {
          charts: charts.length,
          drawn: charts.filter((c) => c.getBoundingClientRect().width > 100 && c.getBoundingClientRect().height > 50).length,
          paths: doc.querySelectorAll("svg.chart-svg path").length,
          decoded,
          scrollWidth: doc.documentElement.scrollWidth,
          ready: doc.documentElement.getAttribute("data-report-ready"),
        };
      });
      await page.screenshot({ path: join(shots, `${name}.png`), fullPage: name === "one-run" });
      // the hover read-out of a heatmap
      const heat = page.locator("image.heat").first();
      await heat.scrollIntoViewIfNeeded();
      await heat.hover();
      const tip = await page.locator(".tip").textContent();
      await page.close();
      assert.deepEqual(errors, []);
      assert.deepEqual(requests, []);
      assert.equal(state.ready, "1", "the inline script ran");
      assert.ok(state.charts >= 8 * runs.length, `${state.charts} charts`);
      assert.equal(state.drawn, state.charts, "every chart has a visible size");
      assert.ok(state.paths > 20);
      assert.equal(state.decoded.length, 2 * runs.length);
      assert.ok(state.decoded.every((w) => w > 0), "heatmap PNGs decode");
      assert.ok(state.scrollWidth <= width + 1, `no horizontal scrolling: ${state.scrollWidth}px`);
      assert.match(tip ?? "", /^layer \d+, step \d+: ‖δ‖ = /);
    });
  }
});
