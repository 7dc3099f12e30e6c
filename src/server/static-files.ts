import { createReadStream, statSync } from "node:fs";
import type { ServerResponse } from "node:http";
import { extname, join, normalize, sep } from "node:path";

/** Content types of the files the web build has. */
const types: Record<string, string> = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8", ".svg": "image/svg+xml", ".png": "image/png", ".ico": "image/x-icon", ".map": "application/json",
};

/** The file under `root` that a URL path names ("/" → index.html), or null when it escapes root or does not exist. */
export function staticFile(root: string, urlPath: string): string | null {
  let rel: string;
  try {
    rel = decodeURIComponent(urlPath.split("?")[0]);
  } catch {
    return null;
  }
  if (rel.includes("\0")) return null;
  const file = normalize(join(root, rel.endsWith("/") ? `${rel}index.html` : rel));
  if (file !== normalize(root) && !file.startsWith(normalize(root).replace(/[\\/]?$/, sep))) return null;
  try {
    return statSync(file).isFile() ? file : null;
  } catch {
    return null;
  }
}

/** Streams a static file with its content type (HEAD: headers only). */
export function sendFile(res: ServerResponse, file: string, head: boolean): void {
  res.writeHead(200, { "content-type": types[extname(file)] ?? "application/octet-stream", "cache-control": "no-cache", "x-content-type-options": "nosniff" });
  if (head) res.end();
  else createReadStream(file).pipe(res);
}
