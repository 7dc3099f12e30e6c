// Bundles the web playground (compiled by tsc into dist/src/web) into dist/web: index.html,
// app.js (the page), worker.js (the training worker: the same core, WebAssembly kernels inlined
// as base64), worker-inline.js (the worker's code as a string, for pages opened from file://),
// style.css (ours + uPlot's). Everything is local: no CDN. The 2 MB MNIST digits module is left
// out (the page offers iris as its real data set).
import { build } from "esbuild";
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const compiled = join(root, "dist", "src", "web");
const out = join(root, "dist", "web");

if (!existsSync(join(compiled, "main.js"))) {
  console.error("build-web: dist/src/web/main.js is missing; run `npx tsc -p tsconfig.json` first");
  process.exit(2);
}
mkdirSync(out, { recursive: true });

/** Replaces the generated digits module with one that fails to load (digits.ts then names the problem). */
const noDigits = {
  name: "no-digits",
  setup(b) {
    b.onResolve({ filter: /digits-data\.js$/ }, (args) => ({ path: args.path, namespace: "no-digits" }));
    b.onLoad({ filter: /.*/, namespace: "no-digits" }, () => ({ contents: 'throw new Error("the digits data set is not part of the web build");', loader: "js" }));
  },
};

const common = { bundle: true, format: "iife", platform: "browser", target: "es2022", minify: process.env.MINIFY !== "0", legalComments: "none", logLevel: "warning", plugins: [noDigits] };
await Promise.all([
  build({ ...common, entryPoints: [join(compiled, "main.js")], outfile: join(out, "app.js") }),
  build({ ...common, entryPoints: [join(compiled, "worker.js")], outfile: join(out, "worker.js") }),
]);

const workerCode = readFileSync(join(out, "worker.js"), "utf8");
writeFileSync(join(out, "worker-inline.js"), `globalThis.__gradscopeWorkerSource = ${JSON.stringify(workerCode)};\n`);
const uplotCss = readFileSync(join(root, "node_modules", "uplot", "dist", "uPlot.min.css"), "utf8");
writeFileSync(join(out, "style.css"), `${uplotCss}\n${readFileSync(join(root, "src", "web", "style.css"), "utf8")}`);
copyFileSync(join(root, "src", "web", "index.html"), join(out, "index.html"));

const kb = (f) => `${f} ${(readFileSync(join(out, f)).length / 1024).toFixed(0)} KB`;
console.log(`build-web: dist/web: ${["index.html", "app.js", "worker.js", "worker-inline.js", "style.css"].map(kb).join(", ")}`);
