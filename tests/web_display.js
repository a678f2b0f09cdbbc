// The /display scenario for web_display.sh (env: ANTRED CONFIG WORK PORT URL SHOTS).
"use strict";
const { chromium } = require("playwright-core");
const { spawn } = require("child_process");
const fs = require("fs");

const { ANTRED, CONFIG, CONFIG_HOURS, HOURS, WORK, PORT, URL, SHOTS } = process.env;
const KIOSK = "kiosk-test-token-0000", ADMIN = "admin-test-token-0000";
function fail(msg) { console.error("FAIL: " + msg); process.exit(1); }

async function api(method, path, token, body) {
  const r = await fetch(URL + path, { method, headers: Object.assign(
    { "Content-Type": "application/json" }, token ? { Authorization: "Bearer " + token } : {}),
    body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await r.text();
  let json = null;
  try { json = JSON.parse(text); } catch (e) { /* not JSON */ }
  return { status: r.status, body: json };
}
const issue = (service) => api("POST", "/api/v1/tickets", KIOSK, { service });
const callNext = (c) => api("POST", "/api/v1/counters/" + c + "/call-next", "counter-" + c + "-test-token", {});
async function stateSeq() { return (await api("GET", "/api/v1/state")).body.seq; }

function startAntred(config = CONFIG) {
  const log = fs.openSync(WORK + "/antred2.log", "a");
  const p = spawn(ANTRED, ["--config", config, "--db", WORK + "/antre.db", "--listen", "127.0.0.1:" + PORT],
    { stdio: ["ignore", "ignore", log], detached: true });
  fs.writeFileSync(WORK + "/antred.pid", String(p.pid));
  p.unref();
  return p;
}
async function until(what, cond, ms) {
  const end = Date.now() + ms;
  for (;;) {
    try { if (await cond()) return; } catch (e) { /* not yet */ }
    if (Date.now() > end) fail(what);
    await new Promise((r) => setTimeout(r, 50));
  }
}

// Call the next at counter c; the number must be the page's now-calling within 1 s.
async function callAndSee(page, c) {
  const r = await callNext(c);
  if (r.status !== 200) fail("call-next at " + c + ": " + r.status + " " + JSON.stringify(r.body));
  const number = r.body.ticket.number, seq = await stateSeq(), t0 = Date.now();
  try {
    await page.waitForFunction((n) => document.getElementById("now-number").textContent === n,
      number, { timeout: 1000 });
  } catch (e) { fail(number + " not shown within 1 s"); }
  console.log("called " + number + " at " + c + " (seq " + seq + "): shown after " + (Date.now() - t0) + " ms");
  return { number, seq };
}

// What on the wall is cut off by its panel: the called number and its desk, a
// service's waiting count, a counter, an earlier call shown (none shown is wrong too).
function cutOff(page) {
  return page.evaluate(() => {
    const inside = (el, box) => { const a = el.getBoundingClientRect(), b = box.getBoundingClientRect();
      return a.top >= b.top - 0.5 && a.bottom <= b.bottom + 0.5 && a.left >= b.left - 0.5 && a.right <= b.right + 0.5; };
    const out = [];
    const now = document.getElementById("now");
    for (const id of ["now-number", "now-counter"])
      if (!inside(document.getElementById(id), now)) out.push(id);
    const waiting = document.querySelector("section.waiting");
    document.querySelectorAll("#waiting .svc").forEach((el) => {
      if (!inside(el, waiting)) out.push("service " + el.textContent); });
    const counters = document.querySelector("section.counters");
    document.querySelectorAll("#counters .cell").forEach((el) => {
      if (!el.hidden && !inside(el, counters)) out.push("counter " + el.textContent); });
    const earlier = document.querySelector("section.earlier");
    document.querySelectorAll("#earlier li").forEach((el) => {
      if (!el.hidden && !inside(el, earlier)) out.push("earlier " + el.textContent); });
    if (!document.querySelector("#earlier li:not([hidden])")) out.push("no earlier call shown");
    return out;
  });
}

(async () => {
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--no-first-run",
      "--autoplay-policy=user-gesture-required"] });
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  const errors = [], audio = new Map();
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("response", async (r) => {
    const m = /\/api\/v1\/announcements\/(\d+)/.exec(r.url());
    if (m) audio.set(Number(m[1]), { status: r.status(), type: r.headers()["content-type"] });
  });
  for (const s of ["DISNAKER", "DISNAKER", "DUKCAPIL", "KESEHATAN", "SKCK", "IMIGRASI", "BPJS", "INFO", "INFO", "PAP"])
    if ((await issue(s)).status !== 201) fail("cannot issue " + s);
  await page.goto(URL + "/display?id=hall");
  await page.waitForSelector("#sound", { state: "visible" });
  await page.click("#sound");
  await until("the sound overlay stays", async () => !(await page.isVisible("#sound")), 2000);

  // two calls back to back: both shown, both announced in order, neither cut off
  const a = await callAndSee(page, 1), b = await callAndSee(page, 3);
  await until("the announcements were not both played in order", async () => {
    const played = await page.evaluate(() => window.antreDisplay.played.slice());
    return played.length >= 2 && played[0] === a.seq && played[1] === b.seq;
  }, 40000);
  for (const c of [a, b]) {
    const got = audio.get(c.seq);
    if (!got || got.status !== 200 || !/^audio\/wav/.test(got.type))
      fail("announcement " + c.seq + " not fetched as audio: " + JSON.stringify(got));
  }
  console.log("announced " + a.seq + " then " + b.seq);
  for (const c of [4, 6, 9]) await callAndSee(page, c);

  // screenshots at the three sizes, with a notice on one service
  await api("POST", "/api/v1/services/SKCK/status", ADMIN, { status: "limited", reason: "Sistem SKCK sedang gangguan" });
  await page.waitForSelector("#banners .banner");
  // every notice in the SDL wall's words: limited without a reason says what the issue
  // says applicants are told; closed says no new tickets (before, both were one word)
  await api("POST", "/api/v1/services/IMIGRASI/status", ADMIN, { status: "limited" });
  await api("POST", "/api/v1/services/BPJS/status", ADMIN, { status: "closed" });
  await until("the three notices are not on the wall", () => page.evaluate(() =>
    document.querySelectorAll("#banners .banner").length === 3), 5000);
  const said = await page.evaluate(() => Array.from(document.querySelectorAll("#banners .banner"),
    (b) => b.className + " | " + b.textContent));
  for (const want of [/warn \| SKCK Kepolisian terbatas: Sistem SKCK sedang gangguan · Police Clearance limited: Sistem SKCK/,
    /warn \| Imigrasi \(Paspor\): Sistem pusat gangguan – berkas diterima, diproses kemudian · Immigration \(Passport\): Central system down/,
    /bad \| BPJS Ketenagakerjaan ditutup – tidak menerima nomor baru · Workers' Social Insurance is closed – no new tickets/])
    if (!said.some((t) => want.test(t))) fail("no notice " + want + " among " + JSON.stringify(said));
  // two at a time (three pushed the called number's counter off a 1920x1080 wall), the
  // third on the next page
  const shown = () => page.evaluate(() => Array.from(document.querySelectorAll("#banners .banner"),
    (b) => b.hidden ? "" : b.textContent.slice(0, 4)).join(","));
  if ((await shown()) !== "SKCK,Imig,") fail("first notice page: " + (await shown()));
  await until("the third notice never came up", async () => (await shown()) === ",,BPJS", 12000);
  await until("the first page never came back", async () => (await shown()) === "SKCK,Imig,", 12000);
  for (const [w, h] of [[1920, 1080], [1280, 720], [1080, 1920]]) {
    await page.setViewportSize({ width: w, height: h });
    await page.waitForTimeout(300);
    await page.screenshot({ path: SHOTS + "/web-display-" + w + "x" + h + ".png" });
    // with two notices up, nothing is cut off: the called number and its desk, every
    // service's waiting count, and each earlier call shown (at 1920x1080 the services'
    // last row and a fourth earlier call were cut in half)
    const cut = await cutOff(page);
    if (cut.length) fail(w + "x" + h + ": cut off: " + cut.join("; "));
  }
  await page.setViewportSize({ width: 1920, height: 1080 });

  // antred killed and started again on the same port: offline, then back by itself
  process.kill(Number(fs.readFileSync(WORK + "/antred.pid", "utf8")), "SIGKILL");
  await until("the page does not show offline", () => page.evaluate(() => document.body.classList.contains("is-offline")), 10000);
  await page.screenshot({ path: SHOTS + "/web-display-offline.png" });
  startAntred();
  await until("antred did not come back", async () => (await api("GET", "/healthz")).status === 200, 10000);
  await until("the page does not recover", async () => !(await page.evaluate(() => document.body.classList.contains("is-offline"))), 15000);
  const after = await callAndSee(page, 2);
  await until("the call after the restart was not announced", async () => {
    const got = audio.get(after.seq);
    const played = await page.evaluate(() => window.antreDisplay.played.slice());
    return got && got.status === 200 && played.includes(after.seq);
  }, 60000);

  // hours and quota (issue 13): antred started again with 12 more counters, the
  // briefing's hours away from now and information's quota of three tickets a day, two of them issued at the start.
  // The wall says at once that the briefing is outside its hours, and that information
  // is sold out once its last ticket is taken; the statuses set above stay across the
  // restart.
  process.kill(Number(fs.readFileSync(WORK + "/antred.pid", "utf8")), "SIGKILL");
  await until("the page does not show offline (hours)", () => page.evaluate(() => document.body.classList.contains("is-offline")), 10000);
  startAntred(CONFIG_HOURS);
  await until("antred did not come back (hours)", async () => (await api("GET", "/healthz")).status === 200, 10000);
  await until("the page does not recover (hours)", async () => !(await page.evaluate(() => document.body.classList.contains("is-offline"))), 15000);
  const notices = () => page.evaluate(() => Array.from(document.querySelectorAll("#banners .banner"),
    (b) => b.className + " | " + b.textContent));
  const outside = new RegExp("bad \\| Pembekalan Akhir Pemberangkatan: di luar jam layanan \\(" + HOURS +
    "\\) · Pre-departure Briefing: outside service hours \\(" + HOURS + "\\)");
  await until("no outside-hours notice for the briefing", async () => (await notices()).some((t) => outside.test(t)), 5000);
  if ((await notices()).some((t) => /Kuota Informasi/.test(t))) fail("information sold out before its last ticket");
  const refused = await issue("PAP");
  if (refused.status !== 409 || refused.body.error !== "service_closed")
    fail("a briefing ticket outside its hours: " + JSON.stringify(refused));
  if ((await issue("INFO")).status !== 201) fail("information's last ticket was not issued");
  const soldOut = /bad \| Kuota Informasi dan Pengaduan hari ini sudah habis · Today's quota for Information and Complaints is used up/;
  await until("no sold-out notice for information", async () => (await notices()).some((t) => soldOut.test(t)), 5000);
  const all = await notices();
  if (all.length !== 5) fail("five notices (three statuses, hours, quota), not " + JSON.stringify(all));
  console.log("notices: " + all.length + ", outside hours and sold out among them");
  // this office has 30 counters (12 more than before the restart): none cut off either
  // and those that call are large enough to read across a hall: the closed ones give
  // them their room when all thirty would be small, and one cell says how many are closed
  const counterState = async () => {
    const st = (await api("GET", "/api/v1/state")).body;
    return { closed: st.counters.filter((c) => c.state === "closed").length,
      names: st.counters.filter((c) => c.state !== "closed").map((c) => c.name) };
  };
  const wall = () => page.evaluate(() => {
    const shown = Array.from(document.querySelectorAll("#counters .cell:not([hidden])"));
    const busy = document.querySelector("#counters .cell.busy:not([hidden]) .cnum");
    return { cells: document.querySelectorAll("#counters .cell:not(.summary)").length,
      shown: shown.filter((c) => !c.classList.contains("summary")).map((c) => c.querySelector(".cname").textContent),
      summary: shown.filter((c) => c.classList.contains("summary")).map((c) => c.textContent),
      numberPx: busy ? parseFloat(getComputedStyle(busy).fontSize) : 0 };
  });
  if ((await wall()).cells !== 30) fail("not 30 counters on the wall");
  const want = await counterState();
  for (const [w, h] of [[1920, 1080], [1280, 720], [1080, 1920]]) {
    await page.setViewportSize({ width: w, height: h });
    await page.waitForTimeout(300);
    const cut = await cutOff(page);
    if (cut.length) fail("30 counters, " + w + "x" + h + ": cut off: " + cut.join("; "));
    const got = await wall();
    for (const name of want.names)
      if (!got.shown.includes(name)) fail("30 counters, " + w + "x" + h + ": " + name + " (not closed) is not shown");
    if (got.shown.length < 30 && (got.summary.length !== 1 || !got.summary[0].includes(String(want.closed))))
      fail("30 counters, " + w + "x" + h + ": closed counters left out without saying how many: " + JSON.stringify(got));
    if (got.numberPx < Math.min(w, h) / 36)
      fail("30 counters, " + w + "x" + h + ": a called number is " + got.numberPx + " px, too small for a hall");
    console.log("30 counters, " + w + "x" + h + ": " + got.shown.length + " shown, " +
      (got.summary[0] || "none left out") + ", called numbers " + got.numberPx + " px");
  }
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.waitForTimeout(300);
  await page.screenshot({ path: SHOTS + "/web-display-hours-quota.png" });

  if (errors.length) fail("page errors: " + errors.join("; "));
  await browser.close();
  console.log("display: ok");
})().catch((e) => fail(String(e && e.stack || e)));
