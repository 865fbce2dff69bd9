// A hostile web page in a real browser (docs/reliability.md, "Threat model"): Debian's Chromium
// opens a page served from another origin (http://127.0.0.2:<port>, a loopback address that is
// not an allowed origin) which tries what issue 16 found possible: reset every reset alias with
// "simple" requests (text/plain fetches and a form post that browsers send without asking),
// advance the clock, plant a vault with query-string credentials, and read the vault list. The
// gateway's state must come through untouched, and the page must read nothing. The same page
// served from http://localhost:<port> (an allowed origin) can read the list, so the refusals
// are the guard's doing, not the page's mistakes.
//
// Usage: node --test web_guard.test.mjs, with FLOCI_GATEWAY (the gateway binary) set.

import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const gatewayBinary = process.env.FLOCI_GATEWAY ?? join(root, "target/debug/floci-gateway");
const WAIT = 20_000;
const ACCOUNT = "111122223333";
const SCOPE = `${ACCOUNT}/20261206/us-east-1/backup/aws4_request`;
// Any signature passes outside strict mode; the credential scope names account and service.
const AUTHORIZATION = `AWS4-HMAC-SHA256 Credential=${SCOPE}, SignedHeaders=host, Signature=00`;

let gateway;
let gatewayUrl;
let pages;
let browser;
let profile;

function startGateway() {
  return new Promise((resolvePromise, reject) => {
    gateway = spawn(gatewayBinary, [], {
      env: { ...process.env, FLOCI_HOST: "127.0.0.1", FLOCI_PORT: "0" },
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

/** The attack, as a page: every attempt runs, and `window.done` holds what the page could read. */
function attackPage(target) {
  return `<!doctype html><meta charset="utf-8"><title>attack</title>
<iframe name="sink" style="display:none"></iframe>
<form id="form" method="POST" action="${target}/_localstack/state/reset" target="sink"
      enctype="application/x-www-form-urlencoded"><input name="x" value="1"></form>
<script>
const target = ${JSON.stringify(target)};
const scope = ${JSON.stringify(encodeURIComponent(SCOPE))};
const simple = (path, method, body) => fetch(target + path, {
  method, mode: "no-cors", headers: { "Content-Type": "text/plain" }, body,
}).catch(() => null);
window.done = (async () => {
  document.getElementById("form").submit();
  for (const path of ["/_floci/reset", "/moto-api/reset", "/_ministack/reset", "/_localstack/state/reset"]) {
    await simple(path, "POST", "{}");
  }
  await simple("/_floci/clock", "POST", JSON.stringify({ advanceSeconds: 86400 }));
  await simple("/backup-vaults/planted?X-Amz-Credential=" + scope, "PUT", "{}");
  try {
    const answer = await fetch(target + "/backup-vaults/?X-Amz-Credential=" + scope);
    return "read: " + await answer.text();
  } catch (error) {
    return "refused";
  }
})();
</script>`;
}

/** Serves the attack page on `host`; resolves to its base URL. */
function servePage(host, target) {
  return new Promise((resolvePromise) => {
    const server = createServer((request, response) => {
      response.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
      response.end(attackPage(target));
    });
    server.listen(0, host, () => resolvePromise({ server, url: `http://${host}:${server.address().port}/` }));
  });
}

async function gatewayCall(path, init = {}) {
  const answer = await fetch(gatewayUrl + path, init);
  return { status: answer.status, body: await answer.json() };
}

const vaultNames = async () =>
  (await gatewayCall("/backup-vaults/", { headers: { Authorization: AUTHORIZATION } })).body.BackupVaultList.map(
    (vault) => vault.BackupVaultName,
  );

before(async () => {
  gatewayUrl = await startGateway();
  const created = await gatewayCall("/backup-vaults/victim", {
    method: "PUT",
    headers: { Authorization: AUTHORIZATION, "Content-Type": "application/json" },
    body: "{}",
  });
  assert.equal(created.status, 200, JSON.stringify(created.body));
  pages = {
    hostile: await servePage("127.0.0.2", gatewayUrl),
    allowed: await servePage("localhost", gatewayUrl),
  };
  profile = mkdtempSync(join(tmpdir(), "floci-guard-chromium-"));
  browser = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: [
      "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ],
  });
});

after(async () => {
  await browser?.close();
  for (const { server } of Object.values(pages ?? {})) server.close();
  gateway?.kill();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

test("a page of another origin changes nothing and reads nothing", async () => {
  const page = await browser.newPage();
  await page.goto(pages.hostile.url);
  const outcome = await page.evaluate(() => window.done);
  assert.equal(outcome, "refused");
  // The form post went out too: wait until its frame holds whatever the gateway answered.
  const deadline = Date.now() + WAIT;
  while (!page.frames().some((frame) => frame.url().includes("/_localstack/state/reset"))) {
    assert.ok(Date.now() < deadline, "the form post reached the gateway");
    await page.waitForTimeout(50);
  }
  assert.deepEqual(await vaultNames(), ["victim"]);
  const clock = await gatewayCall("/_floci/clock");
  assert.equal(clock.body.offsetSeconds, 0);
  await page.close();
});

test("the same page from an allowed origin reads the list, so the refusals above are the guard's", async () => {
  const page = await browser.newPage();
  await page.goto(pages.allowed.url);
  const outcome = await page.evaluate(() => window.done);
  assert.match(outcome, /^read: .*"BackupVaultName":"victim"/);
  await page.close();
});
