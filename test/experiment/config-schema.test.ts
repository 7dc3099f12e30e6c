import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { Ajv2020 } from "ajv/dist/2020.js";
import { engineNames as cliEngineNames } from "../../src/cli/engine.js";
import { activationNames } from "../../src/nn/activations.js";
import { clipKinds } from "../../src/nn/clipping.js";
import { initNames } from "../../src/nn/initializers.js";
import { losses } from "../../src/nn/losses.js";
import { createOptimizer, optimizerNames, type OptimizerName } from "../../src/nn/optim/index.js";
import { scheduleNames } from "../../src/nn/schedules.js";
import { datasets } from "../../src/experiment/datasets/table.js";
import { dataDefaults, defaultConfig, engineNames, experimentJsonSchema, optimizerDefaults } from "../../src/experiment/config/index.js";
import { badExamples, validExamples } from "./config-examples.js";

type Schema = Record<string, unknown> & { properties?: Record<string, Schema>; oneOf?: Schema[]; items?: Schema; enum?: string[] };

const root = fileURLToPath(new URL("../../../", import.meta.url));
const published = JSON.parse(readFileSync(`${root}schema/experiment.schema.json`, "utf8")) as Schema;
const schema = experimentJsonSchema() as Schema;
const ajv = new Ajv2020({ allErrors: true, logger: { log() {}, warn: (m: unknown) => assert.fail(`ajv: ${String(m)}`), error: (m: unknown) => assert.fail(`ajv: ${String(m)}`) } });
const validate = ajv.compile(published);

const REGENERATE = `regenerate it: npx tsc -p tsconfig.json && node -e 'import("./dist/src/experiment/config/index.js").then(m=>process.stdout.write(JSON.stringify(m.experimentJsonSchema(),null,2)+"\\n"))' > schema/experiment.schema.json`;

test("schema/experiment.schema.json is the schema generated from the field tree", () => {
  assert.deepEqual(published, schema, REGENERATE);
  assert.equal(published.$schema, "https://json-schema.org/draft/2020-12/schema");
});

test("the published schema accepts the defaults and every valid example (ajv, draft 2020-12)", () => {
  assert.ok(validate(structuredClone(defaultConfig)), JSON.stringify(validate.errors));
  for (const [name, partial] of Object.entries(validExamples)) assert.ok(validate(partial), `${name}: ${JSON.stringify(validate.errors)}`);
});

test("the published schema rejects each bad example it can see; the rest are gradscope's own cross-field checks", () => {
  for (const bad of badExamples) assert.equal(validate(bad.config), !bad.schema, bad.name);
});

test("every field has a description, and every property has the default of defaultConfig", () => {
  const check = (s: Schema, value: unknown, path: string) => {
    assert.equal(typeof s.description, "string", `${path}: description`);
    for (const alt of s.oneOf ?? []) check(alt, undefined, `${path}|${String(alt.description)}`);
    if (s.items !== undefined) check(s.items, undefined, `${path}[]`);
    if (value !== undefined && s !== schema) assert.deepEqual(s.default, value, `${path}: default`);
    if (typeof value === "object" && value !== null && !Array.isArray(value) && s.oneOf === undefined) {
      for (const [key, sub] of Object.entries(s.properties ?? {})) check(sub, (value as Record<string, unknown>)[key], `${path}.${key}`);
      for (const key of Object.keys(value)) assert.ok(s.properties?.[key] !== undefined, `${path}.${key}: in the schema`);
    }
  };
  check(schema, defaultConfig, "config");
  // NOTE: the only properties without a default are the alternatives to a defaulted form.
  const undefaulted: string[] = [];
  const walk = (s: Schema, path: string) => {
    for (const [key, sub] of Object.entries(s.properties ?? {})) {
      if (sub.default === undefined && !("const" in sub) && s.oneOf === undefined && sub.type !== "null") undefaulted.push(`${path}${key}`);
      walk(sub, `${path}${key}.`);
    }
  };
  walk(schema, "");
  assert.deepEqual(undefaulted.sort(), ["model.widths", "train.epochs"]);
});

test("each variant's defaults in the schema are the tables' (and PyTorch's, as createOptimizer fills them)", () => {
  const variants = (section: string) => Object.fromEntries((schema.properties?.[section].oneOf ?? []).filter((b) => b.properties?.name !== undefined)
    .map((b) => [String((b.properties?.name as { const: string }).const), b.properties as Record<string, Schema>]));
  for (const name of optimizerNames) {
    const props = variants("optimizer")[name];
    for (const [key, value] of Object.entries(optimizerDefaults[name])) assert.deepEqual(props[key].default, value, `${name}.${key}`);
    assert.deepEqual({ ...createOptimizer(name as OptimizerName).options }, optimizerDefaults[name], name);
  }
  for (const [name, defaults] of Object.entries(dataDefaults)) {
    for (const [key, value] of Object.entries(defaults)) assert.deepEqual(variants("data")[name][key].default, value, `data ${name}.${key}`);
  }
});

test("the schema's enums are the name tables of src/nn and the datasets table, so they cannot drift", () => {
  const p = (path: string): Schema => path.split(".").reduce((s: Schema, k) => s.properties?.[k] as Schema, schema);
  const names = (s: Schema) => s.oneOf?.find((o) => o.enum !== undefined)?.enum ?? s.enum;
  assert.deepEqual(names(p("model.activation")), activationNames);
  assert.deepEqual(names(p("model.init")), initNames);
  assert.deepEqual(names(p("model.biasInit")), initNames);
  assert.deepEqual(names(p("model.headInit")), initNames);
  assert.deepEqual(p("optimizer.name").enum, optimizerNames);
  assert.deepEqual(p("schedule.name").enum, scheduleNames);
  assert.deepEqual(p("loss").enum, Object.keys(losses));
  assert.deepEqual((p("clip").oneOf?.find((o) => o.type === "object")?.properties?.kind as Schema).enum, clipKinds);
  assert.deepEqual(p("engine").enum, [...engineNames]);
  assert.deepEqual([...engineNames], [...cliEngineNames]);
  assert.deepEqual(p("data.name").enum, [...Object.keys(datasets), "csv"]);
  const branches = p("data").oneOf ?? [];
  for (const [name, entry] of Object.entries(datasets)) {
    const branch = branches.find((b) => (b.properties?.name as { const?: string } | undefined)?.const === name);
    assert.deepEqual(Object.keys(branch?.properties ?? {}), ["name", "testFraction", "stratify", "standardize", ...Object.keys(entry.options)], name);
  }
});

test("ajv fills the schema's defaults into {} and gets defaultConfig", () => {
  // NOTE: strict off: ajv fills no defaults inside oneOf and says so; the sections' own defaults cover them.
  const filler = new Ajv2020({ useDefaults: true, strict: false, logger: false });
  const filled: Record<string, unknown> = {};
  assert.ok(filler.compile(published)(filled));
  assert.deepEqual(filled, JSON.parse(JSON.stringify(defaultConfig)));
});
