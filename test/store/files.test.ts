import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { after, describe, test } from "node:test";
import Database from "better-sqlite3";
import { GradscopeError } from "../../src/core/errors.js";
import { RunStore, SCHEMA_VERSION, STORE_ENV, storePath } from "../../src/store/index.js";
import { tempDir } from "./synthetic.js";

const hash = (path: string): string => createHash("sha256").update(readFileSync(path)).digest("hex");
const isStoreError = (pattern: RegExp) => (e: unknown) => e instanceof GradscopeError && pattern.test(e.message);

describe("run store: the file", () => {
  const { dir, cleanup } = tempDir();
  after(cleanup);

  test("location: an explicit path, else $GRADSCOPE_STORE, else ./.gradscope/runs.db", () => {
    assert.equal(storePath(undefined, {}, "/home/me/lab"), resolve("/home/me/lab/.gradscope/runs.db"));
    assert.equal(storePath(undefined, { [STORE_ENV]: "" }, "/home/me/lab"), resolve("/home/me/lab/.gradscope/runs.db"));
    assert.equal(storePath(undefined, { [STORE_ENV]: "data/x.db" }, "/home/me/lab"), resolve("/home/me/lab/data/x.db"));
    assert.equal(storePath("/tmp/y.db", { [STORE_ENV]: "/srv/x.db" }, "/home/me/lab"), "/tmp/y.db");
  });

  test("open() with no path uses $GRADSCOPE_STORE, creating missing folders; the file is in WAL mode", () => {
    const path = join(dir, "deep", "er", "runs.db");
    const saved = process.env[STORE_ENV];
    process.env[STORE_ENV] = path;
    try {
      const store = RunStore.open();
      assert.equal(store.path, path);
      store.createRun({ seed: 1, engine: "wasm", config: {} });
      const raw = new Database(path, { readonly: true });
      assert.equal(raw.pragma("journal_mode", { simple: true }), "wal");
      assert.equal(raw.pragma("user_version", { simple: true }), SCHEMA_VERSION);
      raw.close();
      store.close();
    } finally {
      if (saved === undefined) delete process.env[STORE_ENV];
      else process.env[STORE_ENV] = saved;
    }
    assert.ok(existsSync(path));
    const again = RunStore.open(path);
    assert.equal(again.listRuns().length, 1);
    again.close();
  });

  test("an empty file becomes a new store", () => {
    const path = join(dir, "empty.db");
    writeFileSync(path, "");
    const store = RunStore.open(path);
    assert.deepEqual(store.listRuns(), []);
    store.close();
  });

  const refused: [string, (path: string) => void, RegExp][] = [
    ["a text file", (p) => writeFileSync(p, "step,loss\n1,0.5\n"), /is not an SQLite database, so not a gradscope run store; it was left as it is/],
    ["random bytes", (p) => writeFileSync(p, randomBytes(5000)), /is not an SQLite database/],
    ["a corrupt SQLite file", (p) => writeFileSync(p, Buffer.concat([Buffer.from("SQLite format 3\0", "latin1"), randomBytes(8192)])), /is not a gradscope run store, or it is corrupt; it was left as it is/],
    ["another program's SQLite database", (p) => {
      const db = new Database(p);
      db.exec("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT); INSERT INTO notes (text) VALUES ('keep me')");
      db.close();
    }, /is an SQLite database but not a gradscope run store \(application id 0, 1 schema objects\); it was left as it is/],
    ["a store of a newer schema version", (p) => {
      RunStore.open(p).close();
      const db = new Database(p);
      db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
      db.close();
    }, new RegExp(`has schema version ${SCHEMA_VERSION + 1}, newer than version ${SCHEMA_VERSION} that this gradscope knows; upgrade gradscope`)],
  ];
  for (const [what, make, message] of refused) {
    test(`${what} is refused with a clear message and left unchanged`, () => {
      const path = join(dir, `${what.replace(/\W+/g, "-")}.db`);
      make(path);
      const before = hash(path);
      assert.throws(() => RunStore.open(path), isStoreError(message));
      assert.equal(hash(path), before);
      assert.throws(() => RunStore.open(path), isStoreError(message), "and again the second time");
      assert.equal(hash(path), before);
    });
  }

  test("a folder named as the store, or a file in the way of its folder, is refused", () => {
    assert.throws(() => RunStore.open(dir), isStoreError(/is a folder, not a file/));
    writeFileSync(join(dir, "in-the-way"), "x");
    assert.throws(() => RunStore.open(join(dir, "in-the-way", "runs.db")), isStoreError(/run store .*in-the-way.*ENOTDIR|not a directory/));
  });
});
