/* /supervisor (admin token): every counter with its state, number and how long it has
 * been idle or serving; every service with who waits longest and the estimate; every
 * device with its last contact, red when it is gone. Live: the stream says when
 * something changed, the clock moves the durations on, and the state is read again
 * every few seconds for what no event announces (a device falling silent). */
(function () {
  "use strict";
  const A = window.Antre, P = window.ANTRE;
  const CS = P.counterStates, SS = P.serviceStatuses;   /* the names, from protocol.h */
  const $ = function (id) { return document.getElementById(id); };
  const COUNTER_ID = { [CS.OPEN]: "buka", [CS.PAUSED]: "istirahat", [CS.CLOSED]: "tutup" };
  const KIND_ID = { kiosk: "kios", display: "layar", console: "konsol loket" };
  const PRINTER_ID = { ready: "siap", paper_low: "kertas hampir habis", paper_out: "kertas habis",
    offline: "tidak tersambung", error: "rusak" };
  const STATUS = [[SS.OPEN, "Buka", "open"], [SS.LIMITED, "Terbatas", "limited"],
    [SS.CLOSED, "Tutup", "closed"]];
  let token = null, state = null, online = false, timer = null, zone;

  function say(kind, text) {
    const m = $("message");
    m.className = "banner " + kind;
    m.textContent = text;
    m.hidden = false;
  }

  async function signIn(tok, quiet) {
    const r = await A.api("GET", "/api/v1/devices/self", tok);
    if (r.status === 200 && r.body.kind === "admin") {
      token = tok;
      localStorage.setItem("antre.admin.token", tok);
      $("signin").hidden = true;
      $("board").hidden = false;
      $("signout").hidden = false;
      start();
      return;
    }
    if (quiet && r.status === 0) { setTimeout(function () { signIn(tok, true); }, 2000); return; }
    localStorage.removeItem("antre.admin.token");
    $("signin").hidden = false;
    $("signin-error").hidden = false;
    $("signin-error").textContent = r.status === 200
      ? "Itu bukan token admin (" + r.body.kind + ") · That is not the admin token"
      : (r.status ? r.status + ": " : "") + ((r.body && r.body.message) || "ditolak · refused");
  }

  function start() {
    A.stream("/api/v1/events", "antre.supervisor.last", function (type, data) {
      if (type === P.snapshot) { state = data; render(); return; }
      clearTimeout(timer);
      timer = setTimeout(refresh, 100);
    }, function (up) {
      online = up;
      A.setOffline(!up);
      $("link").className = "dot " + (up ? "ok" : "bad");
      if (up) refresh();
    });
    setInterval(refresh, 5000);    /* devices fall silent without an event */
    setInterval(render, 1000);     /* durations move on */
  }

  async function refresh() {
    const r = await A.api("GET", "/api/v1/state");
    /* reads may come back out of order: never show an older state over a newer one */
    if (r.status === 200 && !(state && r.body.seq < state.seq)) { state = r.body; render(); }
  }

  /* a table row; key ("counter:4", "kiosk:lobby") names it for tests and styles */
  function row(key, cls, cells) {
    return A.el("tr", { class: cls || "", "data-row": key }, cells.map(function (c) {
      return c instanceof Node ? c : A.el("td", c);
    }));
  }

  function render() {
    if (!state) return;
    const now = Date.now();
    try {   /* the office's clock, whatever this PC's zone */
      $("clock").textContent = new Date().toLocaleTimeString("id-ID", { timeZone: zone });
    } catch (e) {
      $("clock").textContent = new Date().toLocaleTimeString("id-ID");
    }
    const alerts = $("alerts");
    alerts.textContent = "";
    function alert(text) { alerts.appendChild(A.el("div", { class: "banner bad", text: text })); }

    /* counters: serving since the call (or start), idle since its last action */
    const ct = $("counters");
    ct.textContent = "";
    state.counters.forEach(function (c) {
      const t = c.ticket;
      const from = t ? (t.started_at || t.called_at) : c.since;
      const what = t ? (t.state === "serving" ? "melayani · serving " : "memanggil · calling ")
                     : (c.state === CS.OPEN ? "kosong · idle " : "");
      ct.appendChild(row("counter:" + c.id, "", [
        { text: c.name },
        { class: "state-" + c.state, text: COUNTER_ID[c.state] || c.state, title: c.state },
        { class: t ? "number" : "none", text: t ? t.number : "–" },
        { class: "num", text: c.state === CS.CLOSED && !t ? "–" : what + A.duration(A.since(from, now)) },
        { class: "num", text: String(c.served) },
        { class: "num", text: c.service_mean_s === null || c.service_mean_s === undefined
          ? "–" : A.duration(c.service_mean_s) },
      ]));
    });

    /* services, with the admin's status buttons */
    const st = $("services");
    st.textContent = "";
    state.services.forEach(function (s) {
      const longest = s.oldest_ready_at ? A.since(s.oldest_ready_at, now) : null;
      const set = A.el("td", { class: "set" }, STATUS.map(function (x) {
        return A.el("button", { class: s.status === x[0] ? "on" : "", "data-service": s.id,
          "data-status": x[0], title: x[2], onclick: function () { setStatus(s, x[0]); } },
          [x[1] + " · " + x[2]]);
      }));
      if (s.waiting > 0 && s.open_counters === 0)
        alert(s.name + ": " + s.waiting + " menunggu, tidak ada loket buka · " + s.waiting +
          " waiting and no counter open");
      st.appendChild(row("service:" + s.id, longest !== null && s.est_wait_s !== null && longest > 2 * Math.max(s.est_wait_s, 600) ? "warn" : "", [
        A.el("td", {}, [A.el("b", { text: s.name }), " ", A.el("span", { class: "en", text: s.name_en })]),
        { class: "num", text: s.waiting + (s.waiting_priority ? " (" + s.waiting_priority + " prioritas)" : "") },
        { class: "num long", text: A.duration(longest) },
        { class: "num", text: s.est_wait_s === null || !s.waiting ? "–" : A.duration(s.est_wait_s) },
        { class: "num", text: String(s.open_counters) },
        { class: "svc-" + (s.status || SS.OPEN), text: (s.status === SS.LIMITED ? "terbatas · limited"
          : s.status === SS.CLOSED ? "tutup · closed" : "buka") + (s.reason ? ": " + s.reason : "") +
          (s.quota ? " — kuota " + s.remaining + "/" + s.quota : "") },
        set,
      ]));
    });

    /* devices: red when gone (alive:false after having been seen, or never seen) */
    const dt = $("devices");
    dt.textContent = "";
    (state.devices || []).forEach(function (d) {
      const age = d.streams > 0 ? 0 : A.since(d.last_seen, now);
      const alive = d.streams > 0 || (age !== null && age <= P.deviceGoneSeconds);
      /* a console nobody opened is no fault (its counter may be closed); a kiosk or a
       * screen never seen, or anything seen and then silent, is */
      const unused = d.kind === "console" && !d.last_seen;
      const bad = (!alive && !unused) || (d.printer && d.printer !== "ready" && d.printer !== "paper_low");
      if (!alive && d.last_seen)
        alert((KIND_ID[d.kind] || d.kind) + " " + d.name + ": hilang sejak " + A.duration(age) +
          " · gone for " + A.duration(age));
      if (d.printer && d.printer !== "ready")
        alert("Kios " + d.name + ": " + (PRINTER_ID[d.printer] || d.printer) + " · printer " +
          d.printer.replace("_", " ") + (d.message ? " (" + d.message + ")" : ""));
      dt.appendChild(row(d.kind + ":" + d.id, bad ? "gone" : unused ? "unused" : "", [
        { text: d.name },
        { text: (KIND_ID[d.kind] || d.kind) + " · " + d.kind },
        { text: d.streams > 0 ? "tersambung sekarang · connected now"
          : d.last_seen ? A.duration(age) + " lalu · ago" + (alive ? "" : " — HILANG · GONE")
            : unused ? "–" : "belum pernah · never" },
        { text: d.printer ? (PRINTER_ID[d.printer] || d.printer) + " · " + d.printer : "–" },
        { text: d.message || "" },
      ]));
    });
    const x = state.export;
    const ex = $("export");
    if (x && !x.up)   /* at the top too: the line below is at the page's end */
      alert("Ekspor ke pusat terputus, tertinggal " + x.lag_events + " peristiwa (" +
        A.duration(x.lag_seconds) + ") · Export to the centre down, " + x.lag_events +
        " events behind");
    if (x) {
      ex.className = "export" + (x.up ? "" : " bad");
      ex.textContent = "Ekspor ke pusat · Export to the centre (" + x.office_id + "): " +
        (x.up ? "tersambung · up" : "terputus · down") + ", tertinggal · behind " +
        x.lag_events + " peristiwa · events (" + A.duration(x.lag_seconds) + ")" +
        (x.last_error ? " — " + x.last_error : "");
    } else {
      ex.textContent = "";
    }
  }

  async function setStatus(s, status) {
    let reason = "";
    if (status !== SS.OPEN) {
      reason = window.prompt("Alasan untuk layar pemohon · Reason shown to applicants (" +
        s.name + ")", s.reason || "") ;
      if (reason === null) return;
    }
    const r = await A.api("POST", "/api/v1/services/" + encodeURIComponent(s.id) + "/status",
      token, { status: status, reason: reason });
    if (r.status === 200) say("ok", s.name + ": " + status);
    else say("bad", (r.status ? r.status + ": " : "") + ((r.body && r.body.message) || "ditolak · refused"));
    refresh();
  }

  async function main() {
    $("token-form").addEventListener("submit", function (e) {
      e.preventDefault();
      signIn($("token").value.trim(), false);
    });
    $("signout").addEventListener("click", function () {
      localStorage.removeItem("antre.admin.token");
      location.reload();
    });
    let r;
    for (;;) {
      r = await A.api("GET", "/api/v1/office");
      if (r.status === 200) break;
      A.setOffline(true);
      await new Promise(function (ok) { setTimeout(ok, 2000); });
    }
    A.setOffline(false);
    $("office").textContent = r.body.name;
    zone = r.body.timezone || undefined;
    const tok = localStorage.getItem("antre.admin.token");
    if (tok) signIn(tok, true);
    else $("signin").hidden = false;
  }
  main();
})();
