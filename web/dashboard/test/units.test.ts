// The dashboard's pure pieces, in Node without a browser or a server: how errors read, which cells and intervals
// the charts get, the metric field names, dates, and the cancelling of superseded loads.
import assert from "node:assert/strict";
import { test } from "node:test";

import { create } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";

import { GetPredictionGridResponseSchema } from "../../../clients/typescript/gen/crm/v1/models_pb.js";
import { PortfolioMetric, PortfolioMetricSchema } from "../../../clients/typescript/gen/crm/v1/metrics_pb.js";
import {
  DifferenceInDifferencesSchema,
  MeasureUpliftResponseSchema,
  UpliftGroupResultSchema,
} from "../../../clients/typescript/gen/crm/v1/uplift_pb.js";
import { BadRequestSchema } from "../../../clients/typescript/gen/google/rpc/error_details_pb.js";
import { dayTimestamp, newestOnly, precise } from "../src/dom.js";
import { codeName, describeError } from "../src/errors.js";
import { gridCells } from "../src/grid.js";
import { metricField } from "../src/names.js";
import { intervals } from "../src/upliftIntervals.js";

test("status codes read as gRPC names them", () => {
  assert.equal(codeName(Code.InvalidArgument), "INVALID_ARGUMENT");
  assert.equal(codeName(Code.Unauthenticated), "UNAUTHENTICATED");
  assert.equal(codeName(Code.DeadlineExceeded), "DEADLINE_EXCEEDED");
  assert.equal(codeName(Code.FailedPrecondition), "FAILED_PRECONDITION");
});

test("a failed call reads as its status, message and the BadRequest's fields", () => {
  const error = new ConnectError("period.end must be after period.start", Code.InvalidArgument, undefined, [
    {
      desc: BadRequestSchema,
      value: { fieldViolations: [{ field: "period.end", description: "must be after period.start" }, { field: "group_by.attribute_key", description: "required" }] },
    },
  ]);
  assert.deepEqual(describeError(error), {
    code: "INVALID_ARGUMENT",
    message: "period.end must be after period.start",
    fields: [
      { field: "period.end", description: "must be after period.start" },
      { field: "group_by.attribute_key", description: "required" },
    ],
  });
});

test("an error that is not a call's reads as UNKNOWN with its message", () => {
  const problem = describeError(new TypeError("failed to fetch"));
  assert.equal(problem.code, "UNKNOWN");
  assert.match(problem.message, /failed to fetch/);
  assert.deepEqual(problem.fields, []);
});

test("a prediction grid gives one cell per frequency and recency, impossible histories empty", () => {
  const grid = create(GetPredictionGridResponseSchema, {
    frequencies: [0, 1, 2],
    recencies: [0, 5, 10],
    rows: [
      { frequency: 0, probabilityAlive: [1, 1, 1], expectedPurchases: [0.5, 0.5, 0.5] },
      { frequency: 1, probabilityAlive: [Number.NaN, 0.4, 0.9], expectedPurchases: [Number.NaN, 0.2, 0.8] },
      { frequency: 2, probabilityAlive: [Number.NaN, 0.2, 0.95], expectedPurchases: [Number.NaN, 0.1, 1.2] },
    ],
  });
  const alive = gridCells(grid, "probabilityAlive");
  assert.equal(alive.length, 9);
  assert.deepEqual(alive[3], [0, 1, "-"]);
  assert.deepEqual(alive[8], [2, 2, 0.95]);
  assert.deepEqual(gridCells(grid, "expectedPurchases")[7], [1, 2, 0.1]);
});

test("uplift intervals: only groups with an uplift and both ends, then the difference in differences", () => {
  const answer = create(MeasureUpliftResponseSchema, {
    treated: { baseline: 10, post: 12, uplift: 0.2, ciLower: 0.05, ciUpper: 0.35, customers: 100n },
    control: { baseline: 0, post: 3, customers: 100n }, // zero baseline: no uplift
  });
  assert.deepEqual(intervals(answer), [{ name: "Treated", uplift: 0.2, lower: 0.05, upper: 0.35 }]);
  answer.control = create(UpliftGroupResultSchema, { baseline: 10, post: 11, uplift: 0.1, ciLower: -0.05, ciUpper: 0.25 });
  answer.differenceInDifferences = create(DifferenceInDifferencesSchema, { estimate: 0.1, ciLower: -0.1, ciUpper: 0.3 });
  assert.deepEqual(
    intervals(answer).map((i) => i.name),
    ["Treated", "Control", "Difference in differences"],
  );
});

test("every series metric names its PortfolioMetrics field", () => {
  assert.equal(metricField(PortfolioMetric.HISTORICAL_CLV), "historicalClv");
  assert.equal(metricField(PortfolioMetric.AVERAGE_PURCHASE_VALUE), "averagePurchaseValue");
  for (const value of PortfolioMetricSchema.values.filter((v) => v.number !== 0)) {
    assert.match(metricField(value.number as PortfolioMetric), /^[a-z][A-Za-z]+$/, value.name);
  }
});

test("day inputs are UTC midnights; malformed ones are left unset for the server to name", () => {
  assert.equal(dayTimestamp("1997-01-01")?.seconds, 852076800n);
  assert.equal(dayTimestamp(""), undefined);
  assert.equal(dayTimestamp("1997-13-45"), undefined);
  assert.equal(dayTimestamp("01/02/1997"), undefined);
});

test("tiny values are shown in exponent form, others to four significant digits", () => {
  assert.equal(precise(5.652e-11), "5.65e-11");
  assert.equal(precise(0.24259), "0.2426");
  assert.equal(precise(0), "0");
  assert.equal(precise(undefined), "—");
});

test("a newer load cancels the one before it", () => {
  const newest = newestOnly();
  const first = newest();
  assert.equal(first.aborted, false);
  const second = newest();
  assert.equal(first.aborted, true);
  assert.equal(second.aborted, false);
});
