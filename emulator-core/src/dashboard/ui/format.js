// Formatting shared by the page: times in UTC, durations, and shell-quoted CLI commands.

const pad = (n) => String(n).padStart(2, "0");

/** `2026-03-04 05:06:07` (UTC) for epoch milliseconds. */
export function formatTime(ms) {
  if (ms === null || ms === undefined) return "";
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** `1 d 2 h`, `5 min`, `12 s` for a number of seconds (largest two units). */
export function formatDuration(seconds) {
  let rest = Math.round(Math.abs(seconds));
  const units = [["d", 86400], ["h", 3600], ["min", 60], ["s", 1]];
  const parts = [];
  for (const [name, size] of units) {
    if (rest >= size && parts.length < 2) {
      parts.push(`${Math.floor(rest / size)} ${name}`);
      rest %= size;
    }
  }
  return parts.length ? parts.join(" ") : "0 s";
}

/** `in 2 h 5 min` or `3 min ago`, from `now`. */
export function relative(ms, now) {
  const seconds = (ms - now) / 1000;
  if (Math.abs(seconds) < 1) return "now";
  return seconds > 0 ? `in ${formatDuration(seconds)}` : `${formatDuration(seconds)} ago`;
}

/** A word as a POSIX shell reads it literally. */
export function shellQuote(word) {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`;
}

/**
 * The full command that describes a row: `aws <words>` against this gateway, in the row's
 * region, signed as its account when that is not the gateway's default one (a 12-digit
 * access key id is the account).
 */
export function cliCommand(words, { region, accountId, defaultAccountId, origin }) {
  const env = accountId && accountId !== defaultAccountId
    ? `AWS_ACCESS_KEY_ID=${accountId} AWS_SECRET_ACCESS_KEY=test ` : "";
  const args = ["aws", ...words, "--region", region, "--endpoint-url", origin];
  return env + args.map(shellQuote).join(" ");
}

/**
 * The command that describes a row: its own whole command (a path-route plugin's, such as
 * `openstack …`, with `{endpoint}` standing for this gateway), else `aws <cli words>`; null
 * when it has neither.
 */
export function rowCommand(row, context) {
  if (row.command && row.command.length) {
    return row.command.map((word) => shellQuote(word.replaceAll("{endpoint}", context.origin))).join(" ");
  }
  return row.cli && row.cli.length ? cliCommand(row.cli, context) : null;
}

/** An element with a class and children (strings become text: nothing is parsed as HTML). */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === "class") node.className = value;
    else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

/** The CSS class of a state's badge: green when done, blue while under way, red when failed. */
export function stateClass(state) {
  const s = String(state || "").toUpperCase();
  if (/FAIL|ABORT|EXPIRED|UNHEALTHY|ERROR|CANCEL|DELETED/.test(s)) return "bad";
  if (/COMPLETED|AVAILABLE|ACTIVE|HEALTHY|^OK$|SUCCEEDED|SUCCESS|^ON$|WARM/.test(s)) return "good";
  if (/COLD|ARCHIVE/.test(s)) return "cold";
  if (/CREATED|PENDING|RUNNING|PROGRESS|CREATING|DELETING|ABORTING|BACKING[_-]UP|MODIFYING|RESTORING|MAINTENANCE|UPDATE/.test(s)) return "busy";
  return "neutral";
}
