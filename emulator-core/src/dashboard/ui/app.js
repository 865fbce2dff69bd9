// The dashboard: polls the gateway's view and clock, applies the filters, and renders the
// clock panel, the timeline and the tables. Read-only but for the clock controls.

import { fetchClock, fetchView, forgetView } from "./api.js";
import { setUpClock, showClock } from "./clock.js";
import { formatTime } from "./format.js";
import { renderTables, rowKey } from "./tables.js";
import { renderTimeline } from "./timeline.js";

const POLL_MS = 1500;
const $ = (id) => document.getElementById(id);
const filterIds = ["account", "region", "service", "kind", "state", "text", "empty"];

const page = {
  view: null,
  clock: null,
  clockReadAt: 0,
  expanded: new Set(),
  highlight: null,
  polls: 0,
};

/** The current filter values. */
function filters() {
  return {
    account: $("filter-account").value,
    region: $("filter-region").value,
    service: $("filter-service").value,
    kind: $("filter-kind").value,
    state: $("filter-state").value,
    text: $("filter-text").value.trim().toLowerCase(),
    empty: $("filter-empty").checked,
  };
}

/** The emulated time now, in epoch ms, from the last clock read and the time since. */
function emulatedNow() {
  if (!page.clock) return Date.now();
  return page.clock.now * 1000 + (performance.now() - page.clockReadAt);
}

/** Replaces a select's options, keeping the chosen value when it is still offered. */
function offer(select, values, label) {
  const chosen = select.value;
  const first = select.options[0];
  select.replaceChildren(first, ...values.map(([value, text]) => {
    const option = document.createElement("option");
    option.value = value;
    option.textContent = text;
    return option;
  }));
  select.value = values.some(([value]) => value === chosen) ? chosen : "";
  select.setAttribute("aria-label", label);
}

const uniqueSorted = (values) => [...new Set(values)].sort();

/** Tables of the chosen services and kinds, rows from every shown scope merged. */
function groupsOf(view, f) {
  const groups = new Map();
  for (const service of view.services) {
    if (f.service && service.name !== f.service) continue;
    for (const scope of service.scopes) {
      if ((f.account && scope.accountId !== f.account) || (f.region && scope.region !== f.region)) continue;
      for (const table of scope.tables) {
        const id = `${service.name}/${table.kind}`;
        if (!groups.has(id)) {
          groups.set(id, {
            service: service.name, serviceLabel: service.name, kind: table.kind, title: table.title,
            columns: table.columns, rows: [], total: 0,
          });
        }
        const group = groups.get(id);
        group.total += table.total;
        for (const row of table.rows) group.rows.push({ row, accountId: scope.accountId, region: scope.region });
      }
    }
  }
  return [...groups.values()];
}

function stateOf(group, row) {
  const index = group.columns.findIndex((column) => column.kind === "state");
  return index < 0 ? null : row.cells[index];
}

function matchesText(entry, text) {
  if (!text) return true;
  const { row } = entry;
  return [row.id, ...row.cells].some((value) => value !== null && String(value).toLowerCase().includes(text));
}

/** Fills the filter choices from the view. */
function updateChoices(view, f) {
  const scopes = view.services.flatMap((service) => service.scopes);
  offer($("filter-account"), uniqueSorted(scopes.map((s) => s.accountId)).map((a) => [a, a]), "Account");
  offer($("filter-region"), uniqueSorted(scopes.map((s) => s.region)).map((r) => [r, r]), "Region");
  offer($("filter-service"), view.services.map((s) => [s.name,
    s.status === "running" ? s.name : `${s.name} (${s.status})`]), "Service");
  const groups = groupsOf(view, { ...f, kind: "" });
  offer($("filter-kind"), groups.map((g) => [`${g.service}/${g.kind}`, `${g.title} (${g.service})`]), "Kind");
  const states = groups
    .filter((g) => !f.kind || `${g.service}/${g.kind}` === f.kind)
    .flatMap((g) => g.rows.map((entry) => stateOf(g, entry.row)))
    .filter((state) => state);
  offer($("filter-state"), uniqueSorted(states).map((s) => [s, s]), "State");
}

function renderAll() {
  const view = page.view;
  if (!view) return;
  let f = filters();
  updateChoices(view, f);
  f = filters();
  const now = emulatedNow();
  const groups = groupsOf(view, f)
    .filter((g) => !f.kind || `${g.service}/${g.kind}` === f.kind)
    .map((g) => ({
      ...g,
      rows: g.rows.filter((entry) => (!f.state || stateOf(g, entry.row) === f.state) && matchesText(entry, f.text)),
    }))
    .filter((g) => g.rows.length || (f.empty && !f.state && !f.text));
  const scopes = new Set(groups.flatMap((g) => g.rows.map((e) => `${e.accountId}|${e.region}`)));
  renderTables($("tables"), groups, {
    showScope: scopes.size > 1,
    context: { defaultAccountId: view.defaultAccountId, origin: location.origin },
    expanded: page.expanded,
    toggle: (key) => {
      if (page.expanded.has(key)) page.expanded.delete(key);
      else page.expanded.add(key);
      renderAll();
    },
    follow,
    now,
  });
  if (page.highlight) {
    const row = document.querySelector(`tr[data-key="${CSS.escape(page.highlight)}"]`);
    if (row) {
      row.classList.add("flash");
      row.scrollIntoView({ block: "center", behavior: "smooth" });
    }
    page.highlight = null;
  }
  renderTime();
}

/** The timeline of the chosen account, region and service, and the clock's reading. */
function renderTime() {
  const view = page.view;
  if (!view) return;
  const f = filters();
  const now = emulatedNow();
  const spans = [];
  const upcoming = [];
  for (const service of view.services) {
    if (f.service && service.name !== f.service) continue;
    for (const scope of service.scopes) {
      if ((f.account && scope.accountId !== f.account) || (f.region && scope.region !== f.region)) continue;
      spans.push(...scope.timeline.spans);
      upcoming.push(...scope.timeline.upcoming);
    }
  }
  spans.sort((a, b) => b.created - a.created);
  upcoming.sort((a, b) => a.at - b.at);
  renderTimeline($("timeline-picture"), $("upcoming"), { spans, upcoming, now });
  $("timeline-scope").textContent = `· ${f.account || "all accounts"} · ${f.region || "all regions"}`;
  if (page.clock) showClock({ ...page.clock, now: now / 1000 });
}

/** Shows the row a link names, clearing the filters that would hide it. */
function follow(link, entry, group) {
  $("filter-kind").value = "";
  $("filter-state").value = "";
  $("filter-text").value = "";
  page.highlight = rowKey(group.service, link.kind, entry.accountId, entry.region, link.id);
  renderAll();
}

function showMessage(text) {
  const message = $("message");
  message.textContent = text || "";
  message.hidden = !text;
}

async function poll() {
  const f = filters();
  try {
    const [view, clock] = await Promise.all([fetchView(f.account, f.region), fetchClock()]);
    page.clock = clock;
    page.clockReadAt = performance.now();
    page.polls += 1;
    if (view) {
      page.view = view;
      $("version").textContent = `v${view.version}`;
      renderAll();
    } else {
      renderTime();
    }
    $("live").textContent = `live · updated ${formatTime(Date.now())}`;
    $("live").className = "live ok";
    document.body.dataset.polls = String(page.polls);
    showMessage("");
  } catch (error) {
    $("live").textContent = "gateway unreachable";
    $("live").className = "live down";
    showMessage(`Could not read the gateway: ${error.message}`);
  }
}

let timer = null;
/** Polls now and then every POLL_MS (a move of the clock or a filter change polls at once). */
function pollSoon() {
  clearTimeout(timer);
  poll().finally(() => { timer = setTimeout(pollSoon, POLL_MS); });
}

for (const id of filterIds) {
  const input = $(`filter-${id}`);
  input.addEventListener(id === "text" ? "input" : "change", () => {
    if (id === "account" || id === "region") {
      forgetView();
      pollSoon();
    } else {
      renderAll();
    }
  });
}
setUpClock({
  changed: (clock) => {
    page.clock = clock;
    page.clockReadAt = performance.now();
    renderTime();
    pollSoon();
  },
  failed: (error) => showMessage(`The clock did not move: ${error.message}`),
});
setInterval(renderTime, 1000);
pollSoon();
