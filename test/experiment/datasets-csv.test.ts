// CSV import of the user's own data from the file's text: the happy paths (quoted cells, CRLF,
// string and integer labels, regression targets) and every error with its exact message.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { csvDataset, csvRecords, type ClassificationData, type RegressionData } from "../../src/experiment/datasets/index.js";

const FLOWERS = [
  "\uFEFFlength,\"width, cm\",colour,species",
  "1.5,0.25,3,\"Iris \"\"setosa\"\"\"",
  "2,-1e-1,4,versicolor",
  "  3.25 , .5,5,\"Iris \"\"setosa\"\"\"",
  "",
  "4,1,+6,versicolor",
  "",
].join("\r\n");

describe("csvRecords", () => {
  test("quoted cells hold commas, quotes and line breaks; LF, CRLF and CR end lines; blank lines are skipped", () => {
    const text = "a,b\r\n\"x,1\",\"say \"\"hi\"\"\"\n\n\"two\r\nlines\",3\rlast,\n";
    assert.deepEqual(csvRecords(text, "t.csv"), [
      { cells: ["a", "b"], line: 1 },
      { cells: ["x,1", 'say "hi"'], line: 2 },
      { cells: ["two\r\nlines", "3"], line: 4 },
      { cells: ["last", ""], line: 6 },
    ]);
  });
  test("an unclosed quote and text after a closing quote are errors with the line", () => {
    assert.throws(() => csvRecords("a,b\n1,\"open\n2,3\n", "t.csv"), { message: "t.csv line 2: a quoted cell is never closed" });
    assert.throws(() => csvRecords("a,b\n\"x\"y,1\n", "t.csv"), { message: 't.csv line 2: unexpected text "y" after a closing quote' });
  });
});

describe("csvDataset", () => {
  test("happy path: BOM, CRLF, quoted header and labels, string classes sorted, last column the label", () => {
    const d = csvDataset(FLOWERS, { file: "flowers.csv" }) as ClassificationData;
    assert.equal(d.kind, "classification");
    assert.equal(d.name, "flowers.csv");
    assert.equal(d.n, 4);
    assert.equal(d.features, 3);
    assert.deepEqual(d.featureNames, ["length", "width, cm", "colour"]);
    assert.deepEqual(Array.from(d.x), [1.5, 0.25, 3, 2, -0.1, 4, 3.25, 0.5, 5, 4, 1, 6]);
    assert.equal(d.classes, 2);
    assert.deepEqual(d.classNames, ['Iris "setosa"', "versicolor"]);
    assert.deepEqual(Array.from(d.labels), [0, 1, 0, 1]);
  });
  test("integer labels keep their numeric order; the label column may be named and sit anywhere", () => {
    const d = csvDataset("y,a,b\n10,1,2\n2,3,4\n-1,5,6\n2,7,8\n", { label: "y" }) as ClassificationData;
    assert.deepEqual(d.classNames, ["-1", "2", "10"]);
    assert.deepEqual(Array.from(d.labels), [2, 1, 0, 1]);
    assert.deepEqual(d.featureNames, ["a", "b"]);
    assert.deepEqual(Array.from(d.x), [1, 2, 3, 4, 5, 6, 7, 8]);
  });
  test("chosen feature columns, in the order given", () => {
    const d = csvDataset("a,b,c,y\n1,2,3,u\n4,5,6,v\n", { features: ["c", "a"] });
    assert.deepEqual(d.featureNames, ["c", "a"]);
    assert.deepEqual(Array.from(d.x), [3, 1, 6, 4]);
  });
  test("regression: numeric targets from one or more columns", () => {
    const d = csvDataset("a,t1,b,t2\n1,0.5,2,-3\n4,1.5,5,6e2\n", { task: "regression", label: ["t1", "t2"] }) as RegressionData;
    assert.equal(d.kind, "regression");
    assert.equal(d.outputs, 2);
    assert.deepEqual(d.targetNames, ["t1", "t2"]);
    assert.deepEqual(Array.from(d.targets), [0.5, -3, 1.5, 600]);
    assert.deepEqual(Array.from(d.x), [1, 2, 4, 5]);
    const one = csvDataset("a,y\n1,2\n3,4\n", { task: "regression" }) as RegressionData;
    assert.deepEqual(Array.from(one.targets), [2, 4]);
  });

  const errors: [string, string, Parameters<typeof csvDataset>[1], string][] = [
    ["an empty file", "", {}, "d.csv: the file is empty; expected a header row and data rows"],
    ["a file of blank lines", "\r\n  \n\n", {}, "d.csv: the file is empty; expected a header row and data rows"],
    ["a header without rows", "a,b,y\r\n", {}, "d.csv: no data rows after the header (line 1)"],
    ["a missing value (empty cell)", "a,b,y\n1,2,u\n3,,v\n", {}, 'd.csv line 3, column "b": missing value'],
    ["a missing value (NA)", "a,b,y\n1,2,u\r\n3,4,v\r\nNA,5,u\r\n", {}, 'd.csv line 4, column "a": missing value ("NA")'],
    ["a missing label", "a,y\n1,u\n2,\n3,v\n", {}, 'd.csv line 3, column "y": missing label'],
    ["a non-numeric cell", "a,b,y\n1,2,u\n3,12kg,v\n", {}, 'd.csv line 3, column "b": "12kg" is not a number'],
    ["a non-numeric regression target", "a,y\n1,2\n3,high\n", { task: "regression" }, 'd.csv line 3, column "y": "high" is not a number'],
    ["an infinite cell", "a,b,y\n1,-Inf,u\n3,4,v\n", {}, 'd.csv line 2, column "b": "-Inf" is not a finite number'],
    ["an unknown label column", "a,b,y\n1,2,u\n", { label: "class" }, 'd.csv: label column "class" not found; the columns are "a", "b", "y"'],
    ["an unknown feature column", "a,b,y\n1,2,u\n", { features: ["a", "z"] }, 'd.csv: feature column "z" not found; the columns are "a", "b", "y"'],
    ["a single class", "a,y\n1,yes\n2,yes\n", {}, 'd.csv: the label column "y" holds a single class ("yes"); classification needs at least 2'],
    ["a short row", "a,b,y\n1,2,u\n3,v\n", {}, "d.csv line 3: 2 cells; expected 3 as in the header"],
    ["a long row", "a,b,y\r\n1,2,u\r\n\r\n3,4,v,9\r\n", {}, "d.csv line 4: 4 cells; expected 3 as in the header"],
    ["a nameless column", "a,,y\n1,2,u\n", {}, "d.csv line 1: column 2 of the header has no name"],
    ["a repeated column", "a,b,a\n1,2,u\n", {}, 'd.csv line 1: column "a" appears twice in the header (columns 1 and 3)'],
    ["only a label column", "y\nu\nv\n", {}, 'd.csv: no feature columns; the only column is the label "y"'],
    ["a label that is also a feature", "a,y\n1,u\n", { label: "y", features: ["a", "y"] }, 'd.csv: column "y" cannot be both a feature and a label'],
    ["two label columns for classification", "a,b,y\n1,2,u\n", { label: ["b", "y"] }, "d.csv: classification takes one label column; got 2 (b, y)"],
  ];
  for (const [what, text, options, message] of errors) {
    test(`error: ${what}`, () => {
      assert.throws(() => csvDataset(text, { file: "d.csv", ...options }), { name: "GradscopeError", message });
    });
  }
  test("line numbers count physical lines, also after a quoted cell that spans two", () => {
    assert.throws(() => csvDataset('a,y\n1,"two\nlines"\n2,v\nx,w\n', { file: "d.csv" }), { message: 'd.csv line 5, column "a": "x" is not a number' });
  });
});
