// Benchmark (prints figures): a clerk's click on /counter's "call next" → the number on
// a second page's /display, over N calls, both pages in one headless Chromium, times
// taken in the pages with performance.timeOrigin + performance.now(); and each call's
// announcement WAV fetched once (antred renders it) → its render time as the page sees.
//   node console_to_display.mjs URL N
import { chromium } from "playwright-core";

const [url, nArg] = process.argv.slice(2);
const N = Number(nArg || 100), KIOSK = "kiosk-test-token-0000", C1 = "counter-1-test-token";
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run"] });
const ctx = await browser.newContext();
const counter = await ctx.newPage(), wall = await ctx.newPage();
await wall.setViewportSize({ width: 1920, height: 1080 });
await wall.goto(url + "/display");
await wall.evaluate(() => {
  window.seen = {};
  new MutationObserver(() => {
    const n = document.getElementById("now-number").textContent;
    if (!(n in window.seen)) window.seen[n] = performance.timeOrigin + performance.now();
  }).observe(document.getElementById("now-number"), { childList: true, characterData: true, subtree: true });
});
await counter.goto(url + "/counter");
await counter.click('button.pick[data-id="1"]');
await counter.fill("#token", C1);
await counter.click("#token-go");
// the console draws its buttons once the token is taken: none yet is "not ready", not an error
const callNextReady = () => {
  const b = document.querySelector('#actions [data-action="call-next"]');
  return b !== null && !b.disabled;
};
await counter.waitForFunction(callNextReady);
const issue = async () => (await (await fetch(url + "/api/v1/tickets", { method: "POST",
  headers: { Authorization: "Bearer " + KIOSK }, body: JSON.stringify({ service: "DISNAKER" }) })).json()).number;
const lat = [], renders = [];
for (let i = 0; i < N; i++) {
  const number = await issue();
  await counter.waitForFunction(callNextReady);
  const t0 = await counter.evaluate(() => {
    const t = performance.timeOrigin + performance.now();
    document.querySelector('#actions [data-action="call-next"]').click();
    return t;
  });
  await wall.waitForFunction((n) => n in window.seen, number, { timeout: 10000 });
  lat.push((await wall.evaluate((n) => window.seen[n], number)) - t0);
  if (i < 20) {   /* the announcement of that call, first fetch: antred renders it */
    const st = await (await fetch(url + "/api/v1/state")).json();
    const seq = st.recent_calls[0].seq, a = performance.now();
    const r = await fetch(url + "/api/v1/announcements/" + seq + "?bench=" + i);
    await r.arrayBuffer();
    renders.push(performance.now() - a);
  }
}
const q = (v, p) => { const s = [...v].sort((x, y) => x - y); return s[Math.min(s.length - 1, Math.ceil(p / 100 * s.length) - 1)]; };
console.log(`console click -> number on /display, ${N} calls: p50 ${q(lat, 50).toFixed(1)} ms, p99 ${q(lat, 99).toFixed(1)} ms, max ${Math.max(...lat).toFixed(1)} ms`);
console.log(`announcement WAV (first fetch of a call, 20 calls): p50 ${q(renders, 50).toFixed(1)} ms, max ${Math.max(...renders).toFixed(1)} ms`);
await browser.close();
