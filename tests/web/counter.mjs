// /counter in real Chromium (playwright-core, Debian's /usr/bin/chromium), as a clerk
// uses it: sign in with a wrong token (the server's sentence), then counter 1's token;
// call next, finish, transfer; a refused action shows the server's sentence; antred is
// killed and started again and the page comes back by itself. The shell script around
// it (tests/web_counter.sh) starts antred and restarts it when told on stdout.
//   node counter.mjs URL SHOTS_DIR       (prints "RESTART" and waits for a line on stdin)
import { chromium } from "playwright-core";
import { createInterface } from "node:readline";

const [url, shots] = process.argv.slice(2);
const KIOSK = "kiosk-test-token-0000", C1 = "counter-1-test-token";
const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
let failed = 0;
function check(ok, what) {
  console.log((ok ? "ok   " : "FAIL ") + what);
  if (!ok) failed++;
}
async function issue(body) {
  const r = await fetch(url + "/api/v1/tickets", { method: "POST", body: JSON.stringify(body),
    headers: { Authorization: "Bearer " + KIOSK, "Content-Type": "application/json" } });
  return (await r.json()).number;
}

const browser = await chromium.launch({ executablePath: "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run"] });
const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
const errors = [];
page.on("pageerror", (e) => errors.push(String(e)));
// (a refused request is logged by Chromium as a failed load: that is the test's doing)
page.on("console", (m) => {
  if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) errors.push(m.text());
});
page.on("response", (r) => { if (r.status() === 404) errors.push("404: " + r.url()); });

await page.goto(url + "/counter");
await page.click('button.pick[data-id="1"]');
await page.fill("#token", "not-a-token-of-anybody");
await page.click("#token-go");
await page.waitForSelector("#signin-error:not([hidden])");
check((await page.textContent("#signin-error")).includes("no such token") ||
      (await page.textContent("#signin-error")).includes("401"),
      "a wrong token is refused with the server's sentence: " + await page.textContent("#signin-error"));

await page.click('button.pick[data-id="1"]');
await page.fill("#token", C1);
await page.click("#token-go");
await page.waitForSelector("#console:not([hidden])");
await page.waitForFunction(() => !document.body.classList.contains("is-offline") &&
  !document.querySelector('#actions [data-action="call-next"]').disabled);
check(!page.url().includes(C1), "the token is not in the address");

// a service of this desk limited, then open again: its line says so at once (issue 13)
async function setStatus(service, body) {
  await fetch(url + "/api/v1/services/" + service + "/status", { method: "POST", body: JSON.stringify(body),
    headers: { Authorization: "Bearer admin-test-token-0000", "Content-Type": "application/json" } });
}
await setStatus("DISNAKER", { status: "limited", reason: "SIAPkerja mati" });
await page.waitForFunction(() => document.getElementById("waiting").textContent.includes("SIAPkerja"),
  null, { timeout: 10000 }).catch(() => {});
check((await page.textContent("#waiting")).includes("TERBATAS · limited: SIAPkerja mati"),
  "a limited service of the desk is shown on its line: " + await page.textContent("#waiting"));
await setStatus("DISNAKER", { status: "open" });
await page.waitForFunction(() => !document.getElementById("waiting").textContent.includes("TERBATAS"),
  null, { timeout: 10000 }).catch(() => {});
check(!(await page.textContent("#waiting")).includes("TERBATAS"), "open again: the line says nothing more");

const first = await issue({ journey: "CPMI" });
await issue({ service: "DISNAKER" });
await page.keyboard.press("n");   // call next, by its key
await page.waitForFunction((n) => document.getElementById("number").textContent === n, first);
check(true, "N called " + first + " and the desk shows it");
check((await page.textContent("#journey")).includes("Kesehatan") ||
      (await page.locator("#journey li").count()) > 1, "its journey is shown");
await page.screenshot({ path: shots + "/web-counter-1920x1080.png" });

await page.click('#actions [data-action="finish"]');
await page.waitForFunction(() => document.getElementById("number").textContent === "–");
check((await page.textContent("#message")).includes(first), "finish says which number: " +
  await page.textContent("#message"));

// a refused action: start with nobody at the desk (409 with the server's sentence)
await page.evaluate(() => { document.querySelector('#actions [data-action="start"]').disabled = false; });
await page.click('#actions [data-action="start"]');
await page.waitForFunction(() => document.getElementById("message").classList.contains("bad"));
const refused = await page.textContent("#message");
check(refused.startsWith("409: ") && refused.length > 12, "a refusal shows the server's sentence: " + refused);

// transfer the next one to another service
await page.keyboard.press("n");
await page.waitForFunction(() => /^A\d+$/.test(document.getElementById("number").textContent));
const second = await page.textContent("#number");
// (CI once timed out on the SKCK button after "t", not reproduced: say what the console
// showed if T is not enabled with the number, or does not open the dialog)
const consoleNow = () => page.evaluate(() => JSON.stringify({
  number: document.getElementById("number").textContent,
  transfer: document.querySelector('#actions [data-action="transfer"]').disabled ? "disabled" : "enabled",
  dialogs: Array.from(document.querySelectorAll("dialog[open]"), (d) => d.id),
  message: document.getElementById("message").textContent,
  offline: document.body.className }));
const enabled = await page.waitForFunction(() =>
  !document.querySelector('#actions [data-action="transfer"]').disabled, null, { timeout: 10000 })
  .then(() => true, () => false);
check(enabled, "transfer is enabled once " + second + " is at the desk: " + await consoleNow());
await page.keyboard.press("t");
const opened = await page.waitForSelector("#transfer-dialog[open]", { timeout: 10000 })
  .then(() => true, () => false);
check(opened, "T opens the transfer dialog: " + await consoleNow());
await page.click('#transfer-services [data-service="SKCK"]');
await page.waitForFunction(() => document.getElementById("number").textContent === "–");
const st = await (await fetch(url + "/api/v1/state")).json();
check(st.services.find((s) => s.id === "SKCK").waiting === 1, second + " transferred to SKCK waits there");

// the admin panel: the transferred ticket by its number typed short, cancelled
await page.keyboard.press("a");
await page.fill("#admin-number", second.toLowerCase().replace(/0+(?=\d)/, ""));
await page.click("#admin-go");
await page.waitForSelector("#admin-ticket:not([hidden])");
check((await page.textContent("#admin-ticket-number")) === second,
  "typed short and in lower case, " + second + " is found");
await page.fill("#admin-token", C1);
await page.click("#admin-cancel");
await page.waitForFunction(() => document.getElementById("admin-message").classList.contains("bad"));
check((await page.textContent("#admin-message")).startsWith("403: "),
  "a counter's token may not cancel: " + await page.textContent("#admin-message"));
await page.fill("#admin-token", "admin-test-token-0000");
await page.click("#admin-cancel");
await page.waitForFunction(() => document.getElementById("admin-message").classList.contains("ok"));
const st2 = await (await fetch(url + "/api/v1/state")).json();
check(st2.services.find((s) => s.id === "SKCK").waiting === 0, second + " cancelled by the admin token");
await page.keyboard.press("Escape");

// a state read asked before a call and answered after it must not take the called
// number off the desk (it did, under load: T then did nothing); the first read after
// this issue is held until the call is on screen
let release, stale = null;
const held = new Promise((r) => { release = r; });
await page.route("**/api/v1/state", async (route) => {
  if (stale !== null) return route.continue();
  stale = route.request();
  const resp = await route.fetch();   // the state as it is now, before the call
  await held;
  await route.fulfill({ response: resp });
});
const asked = page.waitForRequest((r) => r.url().endsWith("/api/v1/state"));
const late = await issue({ service: "DISNAKER" });
await asked;
await page.keyboard.press("n");
await page.waitForFunction((n) => document.getElementById("number").textContent === n, late);
const answered = page.waitForEvent("requestfinished", (r) => r === stale);
release();
await answered;
await page.evaluate(() => new Promise((r) => setTimeout(r, 100)));   // its answer handled
check((await page.textContent("#number")) === late &&
      !(await page.locator('#actions [data-action="transfer"]').isDisabled()),
  "a late state read leaves " + late + " at the desk: " + await page.textContent("#number"));
await page.unroute("**/api/v1/state");
await page.click('#actions [data-action="finish"]');
await page.waitForFunction(() => document.getElementById("number").textContent === "–");

// antred goes away and comes back: offline shown, buttons off, then live again
console.log("RESTART kill");
await lines.next();
await page.waitForFunction(() => document.body.classList.contains("is-offline"));
check(await page.locator('#actions [data-action="call-next"]').isDisabled(),
  "offline: the buttons are off");
await page.screenshot({ path: shots + "/web-counter-offline.png" });
console.log("RESTART start");
await lines.next();
await page.waitForFunction(() => !document.body.classList.contains("is-offline"), null,
  { timeout: 30000 });
const third = await issue({ service: "DISNAKER" });
await page.keyboard.press("n");
await page.waitForFunction((n) => document.getElementById("number").textContent === n, third);
check(true, "after the restart the console calls " + third);

// a reload keeps the sign-in (the token in localStorage)
await page.reload();
await page.waitForFunction((n) => document.getElementById("number").textContent === n, third);
check(true, "a reload keeps the sign-in and shows " + third + " at the desk");

await page.setViewportSize({ width: 1280, height: 720 });
await page.screenshot({ path: shots + "/web-counter-1280x720.png" });
await page.setViewportSize({ width: 1080, height: 1920 });
await page.screenshot({ path: shots + "/web-counter-1080x1920.png" });

check(errors.length === 0, "no script errors" + (errors.length ? ": " + errors.join("; ") : ""));
await browser.close();
console.log("DONE " + (failed ? "failed" : "ok"));
process.exit(failed ? 1 : 0);
