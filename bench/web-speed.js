// Training speed of the web playground in headless Chromium (Debian's /usr/bin/chromium): loads the
// page served from dist/web, trains the default network (or the config of a URL query given as
// the first argument, e.g. "model.depth=100") to the end, and prints steps per second: wall time
// from Play to the last update, and the worker's own time inside session.step().
// Usage: npm run build && npm run build:web && node bench/web-speed.js ["model.depth=100&train.steps=300"]
/* global window, URL */
import { existsSync } from "node:fs";
import { chromium } from "playwright-core";
import { createWebServer } from "../dist/src/server/server.js";

const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const root = new URL("../dist/web/", import.meta.url).pathname;
if (!existsSync(CHROMIUM)) {
  console.error(`web-speed: no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM)`);
  process.exit(2);
}
if (!existsSync(`${root}index.html`)) {
  console.error("web-speed: dist/web is missing; run `npm run build:web`");
  process.exit(2);
}
const query = process.argv[2] ?? "";
const server = createWebServer({ root, store: null });
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const url = `http://127.0.0.1:${server.address().port}/${query ? `?${query}` : ""}`;
const browser = await chromium.launch({ executablePath: CHROMIUM });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(url);
  await page.waitForFunction(() => window.__gradscope?.state().runs.A?.status === "running", null, { timeout: 60000 });
  const t0 = Date.now();
  await page.click("#play");
  await page.waitForFunction(() => window.__gradscope.state().runs.A.status !== "running", null, { timeout: 600000, polling: 20 });
  const wall = (Date.now() - t0) / 1000;
  const info = await page.evaluate(() => {
    const a = window.__gradscope.app.runA.data;
    return { steps: a.step, depth: a.depth, engine: a.engine, description: a.description, workerStepsPerSecond: a.stepsPerSecond };
  });
  const ua = await page.evaluate(() => window.navigator.userAgent);
  console.log(`web-speed: ${ua.match(/Chrom(e|ium)\/[\d.]+/)?.[0] ?? ua}, engine ${info.engine}`);
  console.log(`  config: ${query || "(defaults)"}; depth ${info.depth}; ${info.description}`);
  console.log(`  ${info.steps} steps in ${wall.toFixed(2)} s wall (Play → end, with probes, live updates and drawing): ${(info.steps / wall).toFixed(0)} steps/s`);
  console.log(`  inside the worker's step(): ${info.workerStepsPerSecond.toFixed(0)} steps/s`);
} finally {
  await browser.close();
  server.close();
}
