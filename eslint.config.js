import js from "@eslint/js";
import tseslint from "typescript-eslint";

// The pure layers run unchanged in the browser: they may not import Node built-ins.
const pureLayers = ["src/core/**", "src/nn/**", "src/probes/**", "src/diagnosis/**", "src/theory/**", "src/experiment/**", "src/report/**", "src/doctor/**"];

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "assembly/**", "artifacts/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { console: "readonly", process: "readonly", WebAssembly: "readonly", performance: "readonly" } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      // NOTE: math constants are written with more digits than a double holds, on purpose.
      "no-loss-of-precision": "off",
    },
  },
  {
    files: pureLayers,
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ group: ["node:*", "fs", "path", "os", "worker_threads", "child_process"], message: "core, nn, probes, diagnosis, theory, experiment, report and doctor run in the browser too: no Node built-ins." }] }],
      "no-restricted-globals": ["error", "window", "document", "process", "require", "Buffer"],
    },
  },
);
