// The gateway's endpoints the page uses: its view (polled with an entity tag, so an unchanged
// state costs a bodiless 304) and the clock (`/_floci/clock`). Every call is same-origin.

const VIEW = "api/view";
const CLOCK = "/_floci/clock";

let viewTag = null;
let viewQuery = null;

async function failure(response) {
  let detail = "";
  try {
    const body = await response.json();
    detail = body.message || body.Message || "";
  } catch {
    // Not JSON: the status says enough.
  }
  return new Error(`${response.status} ${response.statusText}${detail ? `: ${detail}` : ""}`);
}

/**
 * The view of `account` and `region` ("" for all), or `null` when it has not changed since
 * the last answer for the same filter.
 */
export async function fetchView(account, region) {
  const params = new URLSearchParams();
  if (account) params.set("account", account);
  if (region) params.set("region", region);
  const query = params.toString();
  const headers = {};
  if (viewTag && query === viewQuery) headers["If-None-Match"] = viewTag;
  const response = await fetch(query ? `${VIEW}?${query}` : VIEW, { headers, cache: "no-store" });
  if (response.status === 304) return null;
  if (!response.ok) throw await failure(response);
  viewTag = response.headers.get("ETag");
  viewQuery = query;
  return response.json();
}

/** Forgets the last view's tag, so the next fetch answers in full. */
export function forgetView() {
  viewTag = null;
}

/** `{now, nowIso, offsetSeconds}`. */
export async function fetchClock() {
  const response = await fetch(CLOCK, { cache: "no-store" });
  if (!response.ok) throw await failure(response);
  return response.json();
}

async function postClock(body) {
  const response = await fetch(CLOCK, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw await failure(response);
  return response.json();
}

/** Moves the emulated clock forward by `seconds`. */
export const advanceClock = (seconds) => postClock({ advanceSeconds: seconds });

/** Sets the emulated clock back to system time. */
export const resetClock = () => postClock({ reset: true });
