// The timeline picture (inline SVG): recent jobs as bars left of "now", what the clock will
// do next as numbered marks right of it, each half on its own scale so that a job of seconds
// and a plan run a week ahead are both readable.

import { el, formatDuration, formatTime, relative, stateClass } from "./format.js";

const SVG = "http://www.w3.org/2000/svg";
const WIDTH = 800;
const LABEL = 170;
const LANE = 22;
const TOP = 16;
const MAX_SPANS = 10;
const MAX_UPCOMING = 12;

function svg(tag, attributes = {}, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

/** The time unit of the logarithmic scales: differences well under a minute look alike. */
const UNIT_MS = 30_000;
const log = (ms) => Math.log1p(Math.max(ms, 0) / UNIT_MS);

/**
 * The x position of time `t`: the past fills the left part, the future the right part, each
 * on a logarithmic scale of the distance from now, so that the last minutes and the next
 * week are both readable.
 */
function scale(start, now, end) {
  const left = LABEL + 6;
  const split = left + (WIDTH - left - 10) * 0.42;
  const right = WIDTH - 10;
  const past = log(now - start) || 1;
  const future = log(end - now) || 1;
  return (t) => t <= now
    ? split - (log(now - t) / past) * (split - left)
    : split + (log(t - now) / future) * (right - split);
}

/** Tick marks at round distances from now that fall inside the picture. */
const TICKS = [["1 h", 3_600_000], ["1 d", 86_400_000], ["7 d", 604_800_000], ["30 d", 2_592_000_000]];

/** A lane label short enough for the label column. */
const clip = (text) => (text.length > 26 ? `${text.slice(0, 25)}…` : text);

/**
 * Draws `spans` (newest first) and `upcoming` (earliest first) around `now` (epoch ms) into
 * `picture`, and lists the upcoming events in `list`.
 */
export function renderTimeline(picture, list, { spans, upcoming, now }) {
  const shown = spans.slice(0, MAX_SPANS);
  const ahead = upcoming.filter((u) => u.at >= now - 1000).slice(0, MAX_UPCOMING);
  const start = Math.min(now - 60_000, ...shown.map((s) => s.created));
  const end = Math.max(now + 60_000, ...ahead.map((u) => u.at));
  const x = scale(start, now, end);
  const lanes = shown.length + 1;
  const height = TOP + lanes * LANE + 34;
  const root = svg("svg", {
    viewBox: `0 0 ${WIDTH} ${height}`,
    role: "img",
    "aria-label": `Timeline: ${shown.length} recent jobs, ${ahead.length} upcoming events`,
    class: "timeline-svg",
  });
  const bottom = TOP + lanes * LANE;
  root.append(svg("line", { x1: x(now), x2: x(now), y1: 4, y2: bottom + 4, class: "now-line" }));
  root.append(svg("text", { x: x(now), y: bottom + 16, class: "axis now-label", "text-anchor": "middle" }, "now"));
  for (const [name, ms] of TICKS) {
    for (const [t, text] of [[now - ms, `−${name}`], [now + ms, `+${name}`]]) {
      if (t <= start || t >= end) continue;
      root.append(svg("line", { x1: x(t), x2: x(t), y1: 4, y2: bottom, class: "tick" }));
      root.append(svg("text", { x: x(t), y: bottom + 16, class: "axis", "text-anchor": "middle" }, text));
    }
  }
  root.append(svg("text", { x: LABEL + 6, y: bottom + 28, class: "axis" }, formatTime(start)));
  root.append(svg("text", { x: WIDTH - 10, y: bottom + 28, class: "axis", "text-anchor": "end" }, formatTime(end)));

  shown.forEach((span, index) => {
    const y = TOP + index * LANE;
    const group = svg("g", { class: "span", "data-id": span.id });
    group.append(svg("text", { x: LABEL, y: y + 13, class: "lane-label", "text-anchor": "end" }, clip(span.label)));
    const created = x(span.created);
    const started = span.started ? x(span.started) : null;
    const finished = x(span.completed ?? now);
    if (started !== null && started > created) {
      group.append(svg("rect", { x: created, y: y + 4, width: Math.max(started - created, 1), height: 12, class: "bar queued", rx: 2 }));
    }
    const from = started ?? created;
    group.append(svg("rect", {
      x: from, y: y + 4, width: Math.max(finished - from, 4), height: 12, rx: 2,
      class: `bar ${stateClass(span.state)}`,
    }));
    const took = span.completed ? ` in ${formatDuration((span.completed - span.created) / 1000)}` : "";
    group.append(svg("title", {}, `${span.label}: ${span.state}${took}\ncreated ${formatTime(span.created)} UTC` +
      (span.completed ? `\nended ${formatTime(span.completed)} UTC` : "")));
    root.append(group);
  });

  const y = TOP + shown.length * LANE;
  root.append(svg("text", { x: LABEL, y: y + 13, class: "lane-label", "text-anchor": "end" }, "Scheduled"));
  root.append(svg("line", { x1: x(now), x2: WIDTH - 10, y1: y + 10, y2: y + 10, class: "ahead-line" }));
  ahead.forEach((event, index) => {
    const cx = x(event.at);
    const mark = svg("g", { class: "mark" });
    mark.append(svg("path", { d: `M ${cx} ${y + 3} l 7 7 l -7 7 l -7 -7 z`, class: "diamond" }));
    mark.append(svg("text", { x: cx, y: y + 28, class: "mark-number", "text-anchor": "middle" }, String(index + 1)));
    mark.append(svg("title", {}, `${index + 1}. ${event.label}\n${formatTime(event.at)} UTC (${relative(event.at, now)})`));
    root.append(mark);
  });
  if (!shown.length && !ahead.length) {
    root.append(svg("text", { x: WIDTH / 2, y: TOP + 14, class: "axis", "text-anchor": "middle" }, "No jobs yet and nothing scheduled."));
  }
  picture.replaceChildren(root);

  list.replaceChildren(...ahead.map((event, index) => el("li", { "data-kind": event.kind },
    el("span", { class: "mark-number-badge" }, String(index + 1)),
    el("span", { class: "when", title: `${formatTime(event.at)} UTC` }, relative(event.at, now)),
    el("span", {}, event.label))));
  if (!ahead.length) list.replaceChildren(el("li", { class: "muted" }, "Nothing scheduled ahead."));
}
