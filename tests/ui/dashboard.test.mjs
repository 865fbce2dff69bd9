// The dashboard in a real browser (docs/ui.md): Debian's Chromium driven by playwright-core
// against a started gateway. Resources made with boto3 appear in the page; the clock panel
// moves a backup job to COMPLETED and its recovery point from WARM to COLD; the filters
// filter. Screenshots go to $UI_SCREENSHOTS (default target/ui-screenshots).
//
// Usage: node --test dashboard.test.mjs, with FLOCI_GATEWAY (the gateway binary) and PYTHON
// (a Python with boto3) set.

import { spawn, execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const gatewayBinary = process.env.FLOCI_GATEWAY ?? join(root, "target/debug/floci-gateway");
const python = process.env.PYTHON ?? "python3";
const shots = process.env.UI_SCREENSHOTS ?? join(root, "target/ui-screenshots");
const WAIT = 20_000;

let gateway;
let base;
let browser;
let page;
let profile;
let seeded;
const pageErrors = [];

/** Starts the gateway on a free loopback port; resolves to its base URL once it is ready. */
function startGateway() {
  return new Promise((resolvePromise, reject) => {
    gateway = spawn(gatewayBinary, [], {
      env: {
        ...process.env,
        FLOCI_HOST: "127.0.0.1",
        FLOCI_PORT: "0",
        // Jobs take ten emulated minutes: they wait for the clock panel, not for real time.
        FLOCI_SERVICES_BACKUP_JOB_COMPLETION_DELAY_SECONDS: "600",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let log = "";
    let port = null;
    const read = (chunk) => {
      log += chunk;
      port ??= log.match(/listening on 127\.0\.0\.1:(\d+)/)?.[1] ?? null;
      if (port && /^Ready\.$/m.test(log)) resolvePromise(`http://127.0.0.1:${port}`);
    };
    gateway.stdout.on("data", read);
    gateway.stderr.on("data", read);
    gateway.on("exit", (code) => reject(new Error(`the gateway exited (${code}):\n${log}`)));
  });
}

const table = (kind) => page.locator(`section.table-card[data-kind="${kind}"]`);
const row = (kind, text) => table(kind).locator("tr.row", { hasText: text });
/** Waits until the row of `kind` holding `text` shows `state`. */
const waitForState = (kind, text, state) =>
  row(kind, text).locator(`.badge[data-state="${state}"]`).waitFor({ timeout: WAIT });
const shot = (name) => page.screenshot({ path: join(shots, name), fullPage: true });

/** Waits for the page to have polled again after an action (so what it shows is fresh). */
async function nextPoll() {
  const polls = Number(await page.evaluate(() => document.body.dataset.polls ?? "0"));
  await page.waitForFunction((n) => Number(document.body.dataset.polls ?? "0") > n, polls, { timeout: WAIT });
}

async function confirmDialog() {
  const dialog = page.locator("dialog#confirm");
  await dialog.waitFor({ state: "visible", timeout: WAIT });
  await page.locator("#confirm-ok").click();
  await dialog.waitFor({ state: "hidden", timeout: WAIT });
}

before(async () => {
  mkdirSync(shots, { recursive: true });
  base = await startGateway();
  seeded = JSON.parse(execFileSync(python, [join(here, "seed.py"), base], { encoding: "utf8" }).trim());
  profile = mkdtempSync(join(tmpdir(), "floci-ui-chromium-"));
  // A fresh, empty profile: the persistent-context launch is how playwright takes one.
  browser = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: [
      "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ],
    viewport: { width: 1400, height: 1000 },
  });
  page = browser.pages()[0] ?? await browser.newPage();
  page.on("pageerror", (error) => pageErrors.push(error.message));
  page.on("console", (message) => {
    if (message.type() === "error") pageErrors.push(message.text());
  });
});

after(async () => {
  await browser?.close();
  gateway?.kill();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

test("a browser opening / lands on the dashboard", async () => {
  await page.goto(`${base}/`);
  assert.equal(new URL(page.url()).pathname, "/_floci/ui/");
  await page.locator("#live.ok").waitFor({ timeout: WAIT });
});

test("resources created with boto3 appear with their states", async () => {
  for (const vault of ["ui-primary", "ui-archive", "ui-other-account"]) {
    await row("backup-vaults", vault).waitFor({ timeout: WAIT });
  }
  await waitForState("backup-plans", "ui-nightly", "ACTIVE");
  await row("plan-rules", "nightly").locator("td.time").first().waitFor({ timeout: WAIT });
  await row("backup-selections", "file-systems").waitFor({ timeout: WAIT });
  await waitForState("backup-jobs", seeded.backupJobId, "CREATED");
  await row("servers", "ui-chef").waitFor({ timeout: WAIT });
  // The timeline draws the job and the plan's scheduled runs ahead.
  await page.locator(`#timeline-picture g.span[data-id="${seeded.backupJobId}"]`).waitFor({ timeout: WAIT });
  assert.ok(await page.locator("#upcoming li", { hasText: "Plan ui-nightly runs rule nightly" }).count() >= 1);
  await page.locator("#upcoming li", { hasText: "completes" }).first().waitFor({ timeout: WAIT });
  // Each row opens the CLI command that describes it.
  await row("backup-vaults", "ui-primary").locator("button.cli-chip").click();
  const command = await table("backup-vaults").locator("code.cli").textContent();
  assert.equal(command,
    `AWS_ACCESS_KEY_ID=111122223333 AWS_SECRET_ACCESS_KEY=test aws backup describe-backup-vault --backup-vault-name ui-primary --region us-east-1 --endpoint-url ${base}`);
  // A path-route plugin's resources too: Cinder's volume, under its project and RegionOne,
  // described by the openstack command.
  await waitForState("volumes", "ui-volume", "available");
  await row("volumes", "ui-volume").locator("button.cli-chip").click();
  const openstack = await table("volumes").locator("code.cli").textContent();
  assert.ok(openstack.startsWith(`openstack --os-auth-url ${base}/identity `), openstack);
  assert.ok(openstack.includes(" --os-project-name admin --os-region-name RegionOne "), openstack);
  assert.ok(openstack.endsWith(` volume show ${seeded.volumeId}`), openstack);
  await shot("01-resources.png");
});

test("advancing the clock from the panel completes the job, then moves its recovery point to cold storage", async () => {
  const offsetBefore = await page.locator("#clock-offset").textContent();
  assert.equal(offsetBefore, "system time");
  await page.locator('button[data-advance="3600"]').click();
  await confirmDialog();
  await waitForState("backup-jobs", seeded.backupJobId, "COMPLETED");
  await waitForState("recovery-points", seeded.recoveryPointArn.split(":").pop(), "WARM");
  assert.match(await page.locator("#clock-offset").textContent(), /^1 h ahead of system time$/);
  await shot("02-job-completed.png");

  await page.locator("#advance-amount").fill("2");
  await page.locator("#advance-unit").selectOption("86400");
  await page.locator("#advance-submit").click();
  await confirmDialog();
  await waitForState("recovery-points", seeded.recoveryPointArn.split(":").pop(), "COLD");
  assert.match(await page.locator("#clock-offset").textContent(), /^2 d 1 h ahead of system time$/);
  await shot("03-recovery-point-cold.png");
  // The picture docs/ui.md shows: the first screen, as a user opening the page sees it.
  await page.locator("tr.row.open").first().click();
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(shots, "ui.png") });
});

test("a cancelled confirmation leaves the clock alone", async () => {
  const before = await page.locator("#clock-offset").textContent();
  await page.locator('button[data-advance="604800"]').click();
  await page.locator("dialog#confirm").waitFor({ state: "visible", timeout: WAIT });
  await page.locator("#confirm-cancel").click();
  await nextPoll();
  assert.equal(await page.locator("#clock-offset").textContent(), before);
});

test("filters narrow the page by account, service, kind and state", async () => {
  await page.locator("#filter-account").selectOption("444455556666");
  await row("backup-vaults", "ui-other-account").waitFor({ timeout: WAIT });
  await row("backup-vaults", "ui-primary").waitFor({ state: "detached", timeout: WAIT });
  assert.equal(await table("backup-jobs").count(), 0);
  await shot("04-filter-account.png");

  await page.locator("#filter-account").selectOption("");
  await row("backup-vaults", "ui-primary").waitFor({ timeout: WAIT });
  await page.locator("#filter-service").selectOption("opsworkscm");
  await row("servers", "ui-chef").waitFor({ timeout: WAIT });
  assert.equal(await page.locator('section.table-card[data-service="backup"]').count(), 0);
  await waitForState("servers", "ui-chef", "HEALTHY");
  await shot("05-filter-service.png");

  await page.locator("#filter-service").selectOption("backup");
  await page.locator("#filter-kind").selectOption("backup/backup-jobs");
  assert.deepEqual(
    await page.locator("section.table-card").evaluateAll((cards) => cards.map((c) => c.dataset.kind)),
    ["backup-jobs"],
  );
  await page.locator("#filter-state").selectOption("COMPLETED");
  const states = await table("backup-jobs").locator(".badge").evaluateAll((b) => b.map((x) => x.dataset.state));
  assert.ok(states.length >= 1);
  assert.ok(states.every((state) => state === "COMPLETED"), states.join(","));
  await page.locator("#filter-text").fill("no-such-resource");
  await page.locator(".empty-state").waitFor({ timeout: WAIT });
  await page.locator("#filter-text").fill("");
  await page.locator("#filter-kind").selectOption("");
  await page.locator("#filter-state").selectOption("");
  await page.locator("#filter-service").selectOption("");
});

test("reset to system time asks first, then sets the clock back", async () => {
  await page.locator("#clock-reset").click();
  await confirmDialog();
  await page.waitForFunction(() => document.getElementById("clock-offset").textContent === "system time",
    null, { timeout: WAIT });
  await row("recovery-points", seeded.recoveryPointArn.split(":").pop()).waitFor({ timeout: WAIT });
});

test("the page loaded nothing it could not run", () => {
  assert.deepEqual(pageErrors, []);
});
