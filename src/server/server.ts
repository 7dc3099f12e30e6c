import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { basename } from "node:path";
import type { RunStore } from "../store/index.js";
import { handleApi, sendJson } from "./api.js";
import { sendFile, staticFile } from "./static-files.js";

/** The tag that tells the page a run store's API is at api/ (added to index.html when serving a store). */
export const API_META = '<meta name="gradscope-api" content="api/">';

/** What the server serves: the web build's folder and, for the dashboard, a run store (null: none). */
export interface ServerOptions {
  root: string;
  store: RunStore | null;
}

/**
 * The playground's HTTP server: the static files of `root` (dist/web) and the run dashboard's
 * JSON API under /api. GET and HEAD only.
 *
 * @example
 * const server = createWebServer({ root: "dist/web", store: RunStore.open() });
 * server.listen(8080, "127.0.0.1");
 */
export function createWebServer(options: ServerOptions): Server {
  return createServer((req, res) => {
    const method = req.method ?? "GET";
    const path = (req.url ?? "/").split("?")[0];
    try {
      if (method !== "GET" && method !== "HEAD") {
        res.writeHead(405, { allow: "GET, HEAD" });
        res.end();
        return;
      }
      if (handleApi(options.store, path, res)) return;
      const file = staticFile(options.root, path);
      if (file === null) {
        res.writeHead(404, { "content-type": "text/plain; charset=utf-8" });
        res.end(`not found: ${path}\n`);
        return;
      }
      if (options.store !== null && basename(file) === "index.html") {
        // NOTE: the page looks for this tag before asking for /api, so a static host never sees a 404 for it.
        const html = readFileSync(file, "utf8").replace("</head>", `${API_META}\n</head>`);
        res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-cache" });
        res.end(method === "HEAD" ? undefined : html);
        return;
      }
      sendFile(res, file, method === "HEAD");
    } catch (e) {
      if (!res.headersSent) sendJson(res, 500, { error: e instanceof Error ? e.message : String(e) });
      else res.end();
    }
  });
}
