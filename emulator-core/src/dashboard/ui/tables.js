// The resource tables: one card per service and kind, a row per resource with its state as a
// badge, links to the rows it refers to, and the CLI command that describes it.

import { el, formatTime, relative, rowCommand, stateClass } from "./format.js";

/** The key of a row across the page (service, kind, account, region and row id). */
export const rowKey = (service, kind, accountId, region, id) =>
  [service, kind, accountId, region, id].join("|");

function cell(column, value, now) {
  if (value === null || value === undefined || value === "") return el("td", { class: "empty" }, "–");
  switch (column.kind) {
    case "state":
      return el("td", {}, el("span", { class: `badge ${stateClass(value)}`, "data-state": value }, value));
    case "time":
      return el("td", { class: "time", title: `${formatTime(value)} UTC (${relative(value, now)})` },
        formatTime(value), value > now ? el("span", { class: "soon" }, relative(value, now)) : null);
    case "number":
      return el("td", { class: "number" }, String(value));
    default:
      return el("td", { class: "text", title: String(value) }, String(value));
  }
}

/**
 * Renders `groups` ({service, kind, title, columns, total, rows: [{row, accountId, region}]})
 * into `container`. `context` gives what a CLI command needs; `expanded` is the set of row keys
 * whose details are open; `toggle(key)` and `follow(link, entry, group)` are the row actions.
 */
export function renderTables(container, groups, { showScope, context, expanded, toggle, follow, now }) {
  if (!groups.length) {
    container.replaceChildren(el("p", { class: "card muted empty-state" },
      "No resources match. Create some with the AWS CLI or an SDK against this gateway, or change the filters."));
    return;
  }
  container.replaceChildren(...groups.map((group) => {
    const head = el("tr", {},
      showScope ? el("th", {}, "Account · region") : null,
      group.columns.map((column) => el("th", { class: column.kind }, column.name)),
      el("th", { class: "links-head" }, "Links"));
    const width = group.columns.length + (showScope ? 2 : 1);
    const body = el("tbody", {});
    for (const entry of group.rows) {
      const { row, accountId, region } = entry;
      const key = rowKey(group.service, group.kind, accountId, region, row.id);
      const open = expanded.has(key);
      const command = rowCommand(row, { ...context, region, accountId });
      const tr = el("tr", {
        class: open ? "row open" : "row",
        "data-key": key,
        "data-row-id": row.id,
        tabindex: "0",
        "aria-expanded": open ? "true" : "false",
        onclick: (event) => { if (!event.target.closest("a, button")) toggle(key); },
        onkeydown: (event) => { if (event.key === "Enter") toggle(key); },
      },
      showScope ? el("td", { class: "scope" }, accountId, el("br"), region) : null,
      group.columns.map((column, index) => cell(column, row.cells[index], now)),
      el("td", { class: "links" },
        command ? el("button", {
          type: "button", class: "chip cli-chip", "aria-expanded": open ? "true" : "false",
          title: "The CLI command that describes it",
          onclick: () => toggle(key),
        }, "CLI") : null,
        (row.links || []).map((link) => el("a", {
          href: "#", class: "chip",
          onclick: (event) => { event.preventDefault(); follow(link, entry, group); },
        }, link.label))));
      body.append(tr);
      if (open) {
        body.append(el("tr", { class: "detail" }, el("td", { colspan: String(width) },
          command
            ? [el("span", { class: "muted" }, "Describe it: "), el("code", { class: "cli" }, command),
              el("button", {
                type: "button", class: "secondary small",
                onclick: () => navigator.clipboard?.writeText(command),
              }, "Copy")]
            : el("span", { class: "muted" }, "No CLI command describes this resource."),
          el("div", { class: "muted id" }, `id: ${row.id}`))));
      }
    }
    const note = group.total > group.rows.length
      ? el("span", { class: "muted" }, ` showing ${group.rows.length} of ${group.total}`) : null;
    return el("section", { class: "card table-card", "data-service": group.service, "data-kind": group.kind },
      el("h3", {}, el("span", { class: "service-name" }, group.serviceLabel), " ", group.title,
        el("span", { class: "count" }, String(group.rows.length)), note),
      el("div", { class: "scroll" }, el("table", {}, el("thead", {}, head), body)));
  }));
}
