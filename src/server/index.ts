/** The web playground's HTTP server (Node only): static files and the run dashboard's JSON API. */
export { createWebServer, type ServerOptions } from "./server.js";
export { handleApi, listItem, runLabel, sendJson } from "./api.js";
export { staticFile, sendFile } from "./static-files.js";
