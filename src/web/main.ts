/// <reference lib="dom" />
import { App } from "./ui/app.js";

/** The page's entry: the app in #app, set up from the URL's query. */
const root = document.getElementById("app")!;
void new App(root, location.search).start();
