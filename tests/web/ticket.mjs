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
check(errors.length === 0, "no script errors" + (errors.length ? ": " + errors.join("; ") : ""));
await browser.close();
console.log("DONE " + (failed ? "failed" : "ok"));
process.exit(failed ? 1 : 0);
