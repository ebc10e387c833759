/** Where the hash points: the page, the path after it, and the query after `?`. */
export interface Route {
  page: string;
  rest: string[];
  params: URLSearchParams;
}

/** Writes a page's state into the hash without re-rendering the page (history.replaceState fires no hashchange). */
export function replaceParams(page: string, rest: string[], params: Record<string, string>): void {
  const query = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== "")).toString();
  const path = [page, ...rest.map(encodeURIComponent)].join("/");
  history.replaceState(null, "", `#/${path}${query ? `?${query}` : ""}`);
}

/** yyyy-mm-dd of a date, UTC. */
export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** The default period: the twelve whole months up to the start of next month, UTC. */
export function defaultPeriod(): { from: string; to: string } {
  const now = new Date();
  const to = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
  const from = new Date(Date.UTC(to.getUTCFullYear() - 1, to.getUTCMonth(), 1));
  return { from: isoDay(from), to: isoDay(to) };
}
