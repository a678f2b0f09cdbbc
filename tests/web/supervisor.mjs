// /supervisor in real Chromium (playwright-core, Debian's /usr/bin/chromium): sign in
// with the admin token (a counter's is refused), a counter calls and goes idle again, a
// kiosk reports paper out and then falls silent until it is marked gone, a service is
// set limited from the page; the export's centre is down and the board says so.
//   node supervisor.mjs URL SHOTS_DIR
import { chromium } from "playwright-core";

const [url, shots] = process.argv.slice(2);
const KIOSK = "kiosk-test-token-0000", ADMIN = "admin-test-token-0000", C1 = "counter-1-test-token";
let failed = 0;
function check(ok, what) { console.log((ok ? "ok   " : "FAIL ") + what); if (!ok) failed++; }
async function post(path, token, body) {
  const r = await fetch(url + path, { method: "POST", body: JSON.stringify(body || {}),
    headers: { Authorization: "Bearer " + token, "Content-Type": "application/json" } });
  return r.status;
}
const rowOf = (key) => `tr[data-row="${key}"]`;

const browser = await chromium.launch({ executablePath: "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run"] });
const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
const errors = [];
page.on("pageerror", (e) => errors.push(String(e)));
page.on("console", (m) => {
  if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) errors.push(m.text());
});
page.on("dialog", (d) => d.accept("Sistem pusat gangguan"));

await page.goto(url + "/supervisor");
await page.fill("#token", C1);
await page.click("#token-go");
await page.waitForSelector("#signin-error:not([hidden])");
check((await page.textContent("#signin-error")).includes("bukan token admin"),
  "a counter's token is refused: " + await page.textContent("#signin-error"));
await page.fill("#token", ADMIN);
await page.click("#token-go");
await page.waitForSelector("#board:not([hidden])");
check(!page.url().includes(ADMIN), "the token is not in the address");

// a counter calls, then goes idle
await post("/api/v1/tickets", KIOSK, { service: "DISNAKER" });
check(await post("/api/v1/counters/1/call-next", C1) === 200, "counter 1 calls");
await page.waitForFunction((sel) => {
  const r = document.querySelector(sel);
  return r && r.textContent.includes("A001") && r.textContent.includes("memanggil");
}, rowOf("counter:1"));
check(true, "the board shows Loket 1 calling A001");
check(await post("/api/v1/counters/1/finish", C1) === 200, "counter 1 finishes");
await page.waitForFunction((sel) => {
  const r = document.querySelector(sel);
  return r && r.textContent.includes("kosong · idle") && !r.textContent.includes("A001");
}, rowOf("counter:1"));
check(true, "Loket 1 is shown idle, with its idle time");

// a kiosk out of paper: an alert at once; then it falls silent and is marked gone
check(await post("/api/v1/devices/status", KIOSK, { printer: "paper_out", message: "Kertas habis" }) === 200,
  "the kiosk reports paper out");
await page.waitForFunction(() => document.getElementById("alerts").textContent.includes("kertas habis"));
check(true, "the paper-out alert is shown");
await page.screenshot({ path: shots + "/web-supervisor-1920x1080.png" });

// a service set limited from the page (the prompt is answered with the reason)
await page.click('button[data-service="DUKCAPIL"][data-status="limited"]');
await page.waitForFunction((sel) => {
  const r = document.querySelector(sel);
  return r && r.textContent.includes("limited: Sistem pusat gangguan");  // "terbatas · limited: …"
}, rowOf("service:DUKCAPIL"));
const st = await (await fetch(url + "/api/v1/state")).json();
check(st.services.find((s) => s.id === "DUKCAPIL").status === "limited", "the status reached antred");

// the export to a centre that is down: the board says so, and how far behind it is
await page.waitForFunction(() => /behind [1-9]\d* peristiwa/.test(document.getElementById("export").textContent),
  null, { timeout: 15000 }).catch(() => {});
const ex = await page.textContent("#export");
check(/^Ekspor ke pusat · Export to the centre \(indramayu\): terputus · down, tertinggal · behind [1-9]\d* peristiwa · events \(.+\) — .*connect/.test(ex) &&
  (await page.getAttribute("#export", "class")).includes("bad"),
  "the export's centre is down: the board says it, in red, with the lag and the error: " + ex);
check(/Ekspor ke pusat terputus, tertinggal [1-9]\d* peristiwa .* Export to the centre down, [1-9]\d* events behind/
  .test(await page.textContent("#alerts")), "and among the alerts at the top: " + await page.textContent("#alerts"));

console.log("waiting for the silent kiosk to be gone (30 s without contact)");
await page.waitForFunction((sel) => {
  const r = document.querySelector(sel);
  return r && r.classList.contains("gone") && r.textContent.includes("HILANG");
}, rowOf("kiosk:lobby"), { timeout: 60000 });
check(true, "the silent kiosk is marked gone, in red");
await page.setViewportSize({ width: 1280, height: 720 });
await page.screenshot({ path: shots + "/web-supervisor-1280x720.png", fullPage: true });

check(errors.length === 0, "no script errors" + (errors.length ? ": " + errors.join("; ") : ""));
await browser.close();
console.log("DONE " + (failed ? "failed" : "ok"));
process.exit(failed ? 1 : 0);
