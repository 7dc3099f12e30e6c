import { existsSync } from "node:fs";
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { GradscopeError } from "../../core/errors.js";
import { createWebServer } from "../../server/server.js";
import { numberOption, parseFlags, stringOption, switchOption } from "../flags.js";
import { openStore } from "../open-store.js";
import { exitCodes, type Command, type Io } from "../command.js";

/** Help text of `gradscope serve`. */
export const serveHelp = `gradscope serve — the web playground and the run dashboard in your browser

Usage: gradscope serve [options]

Serves the playground (train deep nets in the browser, watch ‖δ_l‖ per layer and step, fix
what the findings show with one click) and, in its Runs tab, the runs of the run store.

Options:
  --port N       port to listen on (default 8080; 0 picks a free one)
  --host ADDR    address to bind (default 127.0.0.1: this machine only)
  --store PATH   run store for the dashboard (default $GRADSCOPE_STORE or ./.gradscope/runs.db)
  --open         open the page in the default browser

Examples:
  gradscope serve
  gradscope serve --port 3000 --store runs.db --open
`;

/** The web build: dist/web beside dist/src. */
export const webRoot = fileURLToPath(new URL("../../../web/", import.meta.url));

/** Opens a URL with the platform's opener; failures are reported, not fatal. */
function openBrowser(url: string, io: Io): void {
  const cmd = process.platform === "darwin" ? "open" : process.platform === "win32" ? "explorer" : "xdg-open";
  const child = spawn(cmd, [url], { stdio: "ignore", detached: true });
  child.on("error", () => io.err(`gradscope serve: could not open a browser (${cmd}); open ${url} yourself`));
  child.unref();
}

/** `gradscope serve`: serves dist/web and the /api of the run store until interrupted. */
async function serve(argv: string[], io: Io): Promise<number> {
  const flags = parseFlags(argv, { port: { type: "string" }, host: { type: "string" }, store: { type: "string" }, open: { type: "boolean" } }, { maxPositionals: 0 });
  const port = numberOption(flags, "port", 8080, { min: 0, max: 65535, integer: true });
  const host = stringOption(flags, "host") ?? "127.0.0.1";
  if (!existsSync(`${webRoot}index.html`)) throw new GradscopeError(`the web build is missing (${webRoot}index.html); build it with \`npm run build:web\``);
  const store = openStore(stringOption(flags, "store"));
  const server = createWebServer({ root: webRoot, store });
  await new Promise<void>((resolve, reject) => {
    server.once("error", (e: NodeJS.ErrnoException) => reject(e.code === "EADDRINUSE" ? new GradscopeError(`--port: ${port} is already in use on ${host}; pick another with --port`) : e));
    server.listen(port, host, () => resolve());
  });
  const address = server.address();
  const bound = typeof address === "object" && address !== null ? address.port : port;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${bound}/`;
  io.out(`gradscope serve: ${url} (playground; Runs tab: ${store.path}). Ctrl-C to stop.`);
  if (switchOption(flags, "open")) openBrowser(url, io);
  return new Promise<number>((resolve) => {
    const stop = () => {
      server.close();
      server.closeAllConnections();
      store.close();
      resolve(exitCodes.ok);
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
}

/** The `serve` command. */
export const serveCommand: Command = { name: "serve", summary: "serve the web playground and the run dashboard", help: serveHelp, run: serve };
