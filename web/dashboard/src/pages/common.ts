// Controls several pages share: the period inputs, the grouping and granularity choices.
import { GroupByDimension, Granularity, type Period } from "../../../../clients/typescript/gen/crm/v1/common_pb.js";
import { dayTimestamp, el, field, select } from "../dom.js";

export const groupings: [string, string, GroupByDimension][] = [
  ["", "No grouping", GroupByDimension.UNSPECIFIED],
  ["segment", "By segment", GroupByDimension.SEGMENT],
  ["channel", "By channel", GroupByDimension.CHANNEL],
];

export const granularities: [string, string, Granularity][] = [
  ["month", "Months", Granularity.MONTH],
  ["quarter", "Quarters", Granularity.QUARTER],
  ["year", "Years", Granularity.YEAR],
];

export function dateInput(id: string, value: string): HTMLInputElement {
  return el("input", { type: "date", id, name: id, value, required: "" });
}

export function dateField(label: string, input: HTMLInputElement): HTMLLabelElement {
  return field(label, input);
}

export function groupingSelect(selected: string): HTMLSelectElement {
  return select("group", groupings.map(([v, t]) => [v, t]), selected);
}

export function granularitySelect(selected: string, allowed = granularities): HTMLSelectElement {
  return select("granularity", allowed.map(([v, t]) => [v, t]), selected);
}

export function groupDimension(value: string): GroupByDimension {
  return groupings.find(([v]) => v === value)?.[2] ?? GroupByDimension.UNSPECIFIED;
}

export function granularityOf(value: string): Granularity {
  return granularities.find(([v]) => v === value)?.[2] ?? Granularity.MONTH;
}

/**
 * The half-open period of two yyyy-mm-dd inputs. An empty or malformed input is sent unset, so the server's
 * INVALID_ARGUMENT names the field, as it does for any other caller.
 */
export function periodOf(from: string, to: string): Pick<Period, "start" | "end"> {
  return { start: dayTimestamp(from), end: dayTimestamp(to) };
}

/** A row of controls that calls `onChange` when any of them changes. */
export function controls(onChange: () => void, ...children: HTMLElement[]): HTMLFormElement {
  const form = el("form", { class: "controls" }, ...children);
  form.addEventListener("change", onChange);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    onChange();
  });
  return form;
}
