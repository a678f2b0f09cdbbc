// /t/{id} in real Chromium: the applicant's phone page says no counter is open, and
// changes by itself when one opens (the estimate) and when the ticket is called; its
// footer is the office's ticket_footer, not the marquee.
//   node ticket.mjs URL SHOTS_DIR
import { chromium } from "playwright-core";

const [url, shots] = process.argv.slice(2);
const KIOSK = "kiosk-test-token-0000", C1 = "counter-1-test-token";
let failed = 0;
function check(ok, what) { console.log((ok ? "ok   " : "FAIL ") + what); if (!ok) failed++; }
async function post(path, token, body) {
  const r = await fetch(url + path, { method: "POST", body: JSON.stringify(body || {}),
    headers: { Authorization: "Bearer " + token, "Content-Type": "application/json" } });
  return r.json();
}
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run"] });
const page = await browser.newPage({ viewport: { width: 412, height: 915 } });
const errors = [];
page.on("pageerror", (e) => errors.push(String(e)));
page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });

await post("/api/v1/tickets", KIOSK, { service: "DISNAKER" });
const t = await post("/api/v1/tickets", KIOSK, { service: "DISNAKER" });
await page.goto(url + "/t/" + t.id);
check((await page.textContent("main")).includes("Belum ada loket yang buka"),
  "no counter open: the page says so");
const footer = await page.textContent("footer");
check(footer.includes("GRATIS") && !footer.includes("Waspada calo! Jangan"),
  "the footer is the ticket_footer: " + footer.trim());
await post("/api/v1/counters/1/open", C1);
await page.waitForFunction(() => !document.querySelector("main").textContent.includes("Belum ada loket"),
  null, { timeout: 10000 });
check((await page.textContent("main")).includes("1 orang / people"),
  "a counter opened: the page reloaded by itself with who is ahead");
await post("/api/v1/counters/1/call-next", C1);
await post("/api/v1/counters/1/call-next", C1);
await page.waitForFunction(() => /Loket 1/.test(document.querySelector("main").textContent),
  null, { timeout: 10000 });
check(true, "called: the page names the counter");
await page.screenshot({ path: shots + "/web-ticket-phone.png", fullPage: true });

// a service's status reaches the page (issue 13): a CPMI applicant's page says at once
// that a later desk's central system is down, and that its first desk takes no new
// tickets (their own is still served); both go when the desks are open again
const ADMIN = "admin-test-token-0000";
const j = await post("/api/v1/tickets", KIOSK, { journey: "CPMI" });
await page.goto(url + "/t/" + j.id);
const main = () => page.textContent("main");
check(!(await main()).includes("gangguan"), "all desks open: no notice");
await post("/api/v1/services/IMIGRASI/status", ADMIN, { status: "limited" });
await page.waitForFunction(() => document.querySelector("main").textContent.includes("Sistem pusat gangguan"),
  null, { timeout: 10000 }).catch(() => {});
check((await main()).includes("Imigrasi (Paspor): Sistem pusat gangguan – berkas diterima, diproses kemudian") &&
  (await main()).includes("Central system down – papers accepted, processed later"),
  "a later desk limited: the page says it by itself, in both languages");
await post("/api/v1/services/DISNAKER/status", ADMIN, { status: "closed", reason: "Listrik padam" });
await page.waitForFunction(() => document.querySelector("main").textContent.includes("Listrik padam"),
  null, { timeout: 10000 }).catch(() => {});
check(/Dinas Tenaga Kerja ditutup untuk nomor baru: Listrik padam – nomor Anda tetap dilayani/.test(await main()),
  "its own desk closed: the page says the reason and that this number is still served");
await page.screenshot({ path: shots + "/web-ticket-notices.png", fullPage: true });
await post("/api/v1/services/IMIGRASI/status", ADMIN, { status: "open" });
await post("/api/v1/services/DISNAKER/status", ADMIN, { status: "open" });
await page.waitForFunction(() => !/gangguan|ditutup/.test(document.querySelector("main").textContent),
  null, { timeout: 10000 }).catch(() => {});
check(!/gangguan|ditutup/.test(await main()), "open again: the notices are gone");
check(errors.length === 0, "no script errors" + (errors.length ? ": " + errors.join("; ") : ""));
await browser.close();
console.log("DONE " + (failed ? "failed" : "ok"));
process.exit(failed ? 1 : 0);
