// The uplifts a MeasureUplift answer draws, each with both ends of its interval (no DOM: the browser test uses it).
import type { MeasureUpliftResponse, UpliftGroupResult } from "../../../clients/typescript/gen/crm/v1/uplift_pb.js";

export interface Interval {
  name: string;
  uplift: number;
  lower: number;
  upper: number;
}

/** The uplifts with both interval ends: treated, control, and their difference. */
export function intervals(answer: MeasureUpliftResponse): Interval[] {
  const rows: Interval[] = [];
  const add = (name: string, group: UpliftGroupResult | undefined): void => {
    if (group?.uplift !== undefined && group.ciLower !== undefined && group.ciUpper !== undefined) {
      rows.push({ name, uplift: group.uplift, lower: group.ciLower, upper: group.ciUpper });
    }
  };
  add("Treated", answer.treated);
  add("Control", answer.control);
  const did = answer.differenceInDifferences;
  if (did) rows.push({ name: "Difference in differences", uplift: did.estimate, lower: did.ciLower, upper: did.ciUpper });
  return rows;
}

