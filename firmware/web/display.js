/* The wall display in a TV's browser: what antre-display's wall layout shows (now
 * calling, earlier calls, the counters, waiting per service, service notices, the
 * marquee, the offline mark), re-read from /api/v1/state on every event (debounced), so
 * nothing can go stale. The voice comes from antred: after one tap to allow sound, each
 * call or recall event's /api/v1/announcements/{seq} is queued and played in order with
 * one Audio element, never cut off, none dropped, a seq only once. */
(function () {
  "use strict";
  const A = window.Antre, P = window.ANTRE;
  const CS = P.counterStates, SS = P.serviceStatuses;   /* the names, from protocol.h */
  const $ = function (id) { return document.getElementById(id); };
  const params = new URLSearchParams(location.search);
  const screenId = params.get("id");
  let office = null, counterNames = {}, serviceNames = {}, reading = null, again = false;

  /* --- the voice --- */
  const voice = $("voice"), queue = [], queued = new Set();
  let soundOn = false, playing = false, current = null, tries = 0;
  window.antreDisplay = { played: [], queued: queue };   /* for the tests: what was heard */

  function playNext() {
    if (playing || !soundOn || queue.length === 0) return;
    const seq = queue[0];   /* taken off the queue only once it plays */
    playing = true;
    current = seq;
    voice.src = "/api/v1/announcements/" + seq + (screenId ? "?display=" + encodeURIComponent(screenId) : "");
    voice.play().then(function () {
      if (queue[0] === seq) queue.shift();
      tries = 0;
      window.antreDisplay.played.push(seq);
    }, retry);
  }
  /* not fetched (antred away) or refused: try again, a few times, then the next */
  function retry() {
    if (!playing || current === null) return;
    playing = false;
    if (++tries > 8 && queue[0] === current) { queue.shift(); tries = 0; }
    current = null;
    setTimeout(playNext, Math.min(500 * tries, 3000));
  }
  voice.addEventListener("ended", function () { if (current !== null) { playing = false; current = null; playNext(); } });
  voice.addEventListener("error", retry);

  function announce(seq) {
    if (!soundOn || queued.has(seq)) return;
    queued.add(seq);
    queue.push(seq);
    playNext();
  }

  function enableSound() {
    if (soundOn) return;
    soundOn = true;
    playing = true;   /* the unlocking play first */
    $("sound").hidden = true;
    /* a first play inside the tap unlocks audio for later ones */
    voice.src = "data:audio/wav;base64,UklGRiQAAABXQVZFZm10IBAAAAABAAEAQB8AAIA+AAACABAAZGF0YQAAAAA=";
    voice.play().catch(function () {}).finally(function () { playing = false; playNext(); });
  }
  $("sound").addEventListener("click", enableSound);
  $("sound").addEventListener("keydown", enableSound);

  /* --- the board --- */
  /* A service's notice, as the wall's SDL banner words it (display/board.c): closed,
   * then outside its hours, then today's quota used up, then limited. */
  function notice(s) {
    const en = s.name_en || s.name, why = s.reason || "";
    if (s.status === SS.CLOSED)
      return { bad: true, id: s.name + " ditutup – " + (why || "tidak menerima nomor baru"),
        en: en + " is closed – " + (why || "no new tickets") };
    if (s.open_now === false) {
      const hours = (s.hours || []).join(", ");
      return { bad: true, id: s.name + ": di luar jam layanan" + (hours ? " (" + hours + ")" : ""),
        en: en + ": outside service hours" + (hours ? " (" + hours + ")" : "") };
    }
    if (s.remaining === 0)
      return { bad: true, id: "Kuota " + s.name + " hari ini sudah habis",
        en: "Today's quota for " + en + " is used up" };
    if (s.status === SS.LIMITED)
      return why ? { id: s.name + " terbatas: " + why, en: en + " limited: " + why }
        : { id: s.name + ": Sistem pusat gangguan – berkas diterima, diproses kemudian",
          en: en + ": Central system down – papers accepted, processed later" };
    return null;
  }
  function counterName(id) { return counterNames[id] || ("Loket " + id); }

  function render(st) {
    const calls = st.recent_calls || [];
    const latest = calls[0];
    $("now-number").textContent = latest ? latest.number : "–";
    $("now-counter").textContent = latest ? counterName(latest.counter) : "";
    $("now").classList.toggle("empty", !latest);
    const seen = new Set(latest ? [latest.number] : []), earlier = [];
    calls.slice(1).forEach(function (c) {
      if (seen.has(c.number) || earlier.length >= 8) return;
      seen.add(c.number);
      earlier.push(A.el("li", {}, [A.el("span", { class: "num", text: c.number }),
        A.el("span", { class: "where", text: counterName(c.counter) })]));
    });
    $("earlier").replaceChildren.apply($("earlier"), earlier);

    const cells = (st.counters || []).map(function (c) {
      const t = c.ticket ? c.ticket.number : null;   /* the one called or served there */
      return A.el("div", { class: "cell " + c.state + (t ? " busy" : "") }, [
        A.el("div", { class: "cname", text: c.name }),
        A.el("div", { class: "cnum", text: c.state === CS.OPEN ? (t || "–") : (c.state === CS.PAUSED ? "istirahat · break" : "tutup · closed") })]);
    });
    /* shown, with its count, by fitCounters when the closed ones give their room */
    cells.push(A.el("div", { class: "cell closed summary", hidden: "" }, [
      A.el("div", { class: "cname", text: "Loket tutup · Closed" }),
      A.el("div", { class: "cnum" })]));
    $("counters").replaceChildren.apply($("counters"), cells);

    const rows = [], banners = [];
    (st.services || []).forEach(function (s) {
      const n = notice(s);
      rows.push(A.el("div", { class: "svc" + (n ? " notice" : "") }, [
        A.el("span", { class: "prefix", text: s.prefix }),
        A.el("span", { class: "sname" }, [A.el("span", { class: "sid", text: s.name }),
          A.el("span", { class: "en", text: s.name_en })]),
        A.el("span", { class: "count", text: String(s.waiting) })]));
      if (n)
        banners.push(A.el("div", { class: "banner " + (n.bad ? "bad" : "warn") }, [
          A.el("b", { text: n.id }), A.el("span", { class: "en", text: " · " + n.en })]));
    });
    $("waiting").replaceChildren.apply($("waiting"), rows);
    $("banners").replaceChildren.apply($("banners"), banners);
    showBannerPage();
  }

  /* --- nothing cut off --- */
  /* Lower el's --fit (1 down to 0.6) until its content fits in it. */
  function fitText(el, overflows) {
    let k = 1;
    el.style.setProperty("--fit", "1");
    while (overflows(el) && k > 0.6) {
      k -= 0.05;
      el.style.setProperty("--fit", k.toFixed(2));
    }
  }
  /* The children's heights against el's inner height (the call is centred: what does not
   * fit spills out on both sides, which scrollHeight does not tell). */
  function tooTall(el) {
    const cs = getComputedStyle(el);
    let h = 0;
    for (const c of el.children) h += c.getBoundingClientRect().height;
    return h > el.clientHeight - parseFloat(cs.paddingTop) - parseFloat(cs.paddingBottom) + 0.5;
  }
  const overflowing = (el) => el.scrollHeight > el.clientHeight + 0.5;
  /* Earlier calls: as many as fit whole; the rest are left out, never shown in half. */
  function fitEarlier() {
    const ol = $("earlier");
    let full = false;
    for (const li of ol.children) li.hidden = false;
    for (const li of ol.children) {
      full = full || li.offsetTop + li.offsetHeight > ol.clientHeight + 0.5;
      li.hidden = full;
    }
  }
  /* Every counter, as large as fits; when that is below 0.8 (an office of thirty),
   * the closed ones give their room to those that call, and one cell counts them. */
  function fitCounters() {
    const box = $("counters"), cells = Array.from(box.children);
    const summary = cells.filter((c) => c.classList.contains("summary"));
    cells.forEach((c) => { c.hidden = c.classList.contains("summary"); });
    fitText(box, overflowing);
    if (parseFloat(box.style.getPropertyValue("--fit")) >= 0.8 || !summary.length) return;
    const closed = cells.filter((c) => c.classList.contains(CS.CLOSED) && !c.classList.contains("summary"));
    if (closed.length < 2) return;
    closed.forEach((c) => { c.hidden = true; });
    summary[0].querySelector(".cnum").textContent = String(closed.length);
    summary[0].hidden = false;
    fitText(box, overflowing);
  }
  function fit() {
    fitText($("now"), tooTall);
    fitText($("waiting"), overflowing);
    fitCounters();
    fitEarlier();
  }
  window.addEventListener("resize", fit);

  /* Two notices at a time, the next two every 8 s (as on the SDL wall): more would push
   * the number being called off a 1080-line screen. */
  const BANNERS_PER_PAGE = 2;
  let bannerPage = 0;
  function showBannerPage() {
    const all = $("banners").children, pages = Math.ceil(all.length / BANNERS_PER_PAGE);
    if (bannerPage >= pages) bannerPage = 0;
    for (let i = 0; i < all.length; i++) {
      all[i].hidden = Math.floor(i / BANNERS_PER_PAGE) !== bannerPage;
      all[i].dataset.page = pages > 1 ? (Math.floor(i / BANNERS_PER_PAGE) + 1) + "/" + pages : "";
    }
    fit();   /* a page of one notice or two leaves the panels another height */
  }
  setInterval(function () { bannerPage++; showBannerPage(); }, 8000);

  /* One read at a time; events meanwhile ask for one more read after it. */
  async function refresh() {
    if (reading) { again = true; return; }
    reading = (async function () {
      do {
        again = false;
        const r = await A.api("GET", "/api/v1/state");
        if (r.status === 200) render(r.body);
      } while (again);
    })();
    await reading;
    reading = null;
  }
  let timer = null;
  function soon() { if (!timer) timer = setTimeout(function () { timer = null; refresh(); }, 50); }

  async function loadOffice() {
    const r = await A.api("GET", "/api/v1/office");
    if (r.status !== 200) return false;
    office = r.body;
    $("office").textContent = office.name;
    $("office-en").textContent = office.name_en || "";
    counterNames = {}; serviceNames = {};
    (office.counters || []).forEach(function (c) { counterNames[c.id] = c.name; });
    $("marquee-text").textContent = office.marquee || "";
    $("marquee-text").style.animationDuration = Math.max(15, (office.marquee || "").length / 6) + "s";
    return true;
  }

  function tick() {
    const d = new Date();
    $("clock").textContent = String(d.getHours()).padStart(2, "0") + ":" + String(d.getMinutes()).padStart(2, "0");
  }

  async function main() {
    tick();
    setInterval(tick, 5000);
    while (!(await loadOffice())) { A.setOffline(true); await new Promise(function (r) { setTimeout(r, 2000); }); }
    const path = "/api/v1/events" + (screenId ? "?device=" + encodeURIComponent("display:" + screenId) : "");
    A.stream(path, "antre-display-last-" + (screenId || ""), function (type, data) {
      if (type !== P.snapshot && (A.flagsOf(type) & P.flags.CALL) && data && data.seq)
        announce(data.seq);
      soon();
    }, function (up) {
      A.setOffline(!up);
      if (up) { loadOffice(); soon(); }
    });
    refresh();
  }
  main();
})();
