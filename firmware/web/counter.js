/* /counter: the clerk's console. Sign in once per browser (the counter's token is kept
 * in localStorage, never in the URL), then one screen: the ticket at the desk with its
 * journey, big buttons with their keys, this counter's line, and the server's sentence
 * for anything it refuses. Live through the event stream; offline is shown and the
 * buttons are off until antred is back. */
(function () {
  "use strict";
  const A = window.Antre, P = window.ANTRE;
  const CS = P.counterStates, SS = P.serviceStatuses;   /* the names, from protocol.h */
  const $ = function (id) { return document.getElementById(id); };

  /* The buttons: label (id · en) and key of each action of the table. */
  const LABELS = {
    "call-next": ["Panggil berikut", "Call next", "N"],
    "recall": ["Panggil ulang", "Recall", "R"],
    "start": ["Mulai layani", "Start", "S"],
    "finish": ["Selesai", "Finish", "F"],
    "no-show": ["Tidak hadir", "No-show", "X"],
    "transfer": ["Alihkan…", "Transfer…", "T"],
    "call": ["Panggil nomor…", "Call number…", "C"],
    "defer": ["Tunda ke hari lain…", "Defer to a day…", "D"],
    "pause": ["Istirahat", "Pause", "P"],
    "open": ["Buka loket", "Open", "O"],
    "close": ["Tutup loket", "Close", "Q"],
  };
  P.actions.forEach(function (a) {
    if (!LABELS[a]) console.error("counter.js: no button for action " + a);
  });
  Object.keys(LABELS).forEach(function (a) {
    if (P.actions.indexOf(a) < 0) console.error("counter.js: antred has no action " + a);
  });
  /* the order on screen: the call first, the desk's actions, the counter's at the end */
  const ORDER = ["call-next", "recall", "start", "finish", "no-show", "transfer", "call",
    "defer", "open", "pause", "close"];
  const STATE_ID = { waiting: "menunggu", called: "dipanggil", serving: "dilayani",
    done: "selesai", no_show: "tidak hadir", cancelled: "dibatalkan", expired: "kedaluwarsa",
    deferred: "ditunda" };
  const COUNTER_ID = { [CS.OPEN]: "buka", [CS.PAUSED]: "istirahat", [CS.CLOSED]: "tutup" };

  let office = null, state = null, me = null, token = null, online = false, busy = false;
  let refreshTimer = null, live = null, messageTimer = null, presence = null;

  function serviceName(id) {
    const s = office && office.services.find(function (x) { return x.id === id; });
    return s ? s.name : id;
  }
  function serviceNameEn(id) {
    const s = office && office.services.find(function (x) { return x.id === id; });
    return s ? s.name_en : id;
  }

  function say(kind, text) {
    const m = $("message");
    m.className = "banner " + kind;
    m.textContent = text;
    m.hidden = false;
    clearTimeout(messageTimer);
    if (kind === "ok") messageTimer = setTimeout(function () { m.hidden = true; }, 6000);
  }

  /* --- sign in --- */

  function showSignin(error) {
    $("console").hidden = true;
    $("signout").hidden = true;
    $("signin").hidden = false;
    $("counter-name").textContent = "–";
    const list = $("counters");
    list.textContent = "";
    office.counters.forEach(function (c) {
      list.appendChild(A.el("button", { class: "pick", "data-id": c.id, onclick: function () {
        me = c;
        $("token-for").textContent = c.name;
        $("token-form").hidden = false;
        $("token").value = "";
        $("token").focus();
      } }, [A.el("b", { text: c.name }), A.el("span", { class: "en",
        text: c.services.map(serviceName).join(", ") })]));
    });
    $("signin-error").hidden = !error;
    if (error) $("signin-error").textContent = error;
  }

  async function signIn(counter, tok, quiet) {
    const r = await A.api("GET", "/api/v1/devices/self", tok);
    if (r.status === 200 && r.body.kind === "console" && r.body.id === counter.id) {
      me = counter;
      token = tok;
      localStorage.setItem("antre.counter", counter.id);
      localStorage.setItem("antre.counter.token." + counter.id, tok);
      startConsole();
      return;
    }
    let why;
    if (r.status === 0) why = r.body.message;
    else if (r.status === 200 && r.body.kind === "admin")
      why = "Itu token admin, bukan token " + counter.name + " · That is the admin token, not " + counter.name + "'s";
    else if (r.status === 200)
      why = "Token itu milik " + (r.body.name || r.body.id) + ", bukan " + counter.name + " · That token is not " + counter.name + "'s";
    else
      why = "Token ditolak (" + r.status + "): " + ((r.body && r.body.message) || "") + " · The token was refused";
    localStorage.removeItem("antre.counter.token." + counter.id);
    if (!quiet || r.status !== 0) showSignin(why);
    else setTimeout(function () { signIn(counter, tok, true); }, 2000);
  }

  /* --- the console --- */

  function startConsole() {
    $("signin").hidden = true;
    $("console").hidden = false;
    $("signout").hidden = false;
    $("admin-open").hidden = false;
    $("counter-name").textContent = me.name;
    document.title = me.name + " · antre";
    buildButtons();
    if (live) live.stop();
    /* the supervisor sees this console by its token: say so while the page is open */
    clearInterval(presence);
    presence = setInterval(function () { A.api("GET", "/api/v1/devices/self", token); },
      P.deviceGoneSeconds * 1000 / 3);
    live = A.stream("/api/v1/events?device=" + encodeURIComponent("console:" + me.id),
      "antre.counter.last." + me.id, onEvent, onLink);
  }

  function buildButtons() {
    const box = $("actions");
    box.textContent = "";
    const actions = ORDER.filter(function (a) { return P.actions.indexOf(a) >= 0; })
      .concat(P.actions.filter(function (a) { return ORDER.indexOf(a) < 0; }));
    actions.forEach(function (a) {
      const l = LABELS[a] || [a, a, ""];
      box.appendChild(A.el("button", { class: "act act-" + a, "data-action": a,
        title: l[1] + " (" + l[2] + ")", onclick: function () { press(a); } },
        [A.el("kbd", { text: l[2] }), A.el("span", { class: "id", text: l[0] }),
         A.el("span", { class: "en", text: l[1] })]));
    });
  }

  function onLink(up) {
    online = up;
    A.setOffline(!up);
    $("link").className = "dot " + (up ? "ok" : "bad");
    /* a resumed stream sends no snapshot: read the state once it is back */
    if (up) refresh();
    render();
  }

  function onEvent(type, data) {
    if (type === P.snapshot) {
      state = data;
      render();
      return;
    }
    /* every change may touch this counter's line: read the state again, at once */
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(refresh, 30);
  }

  /* A read asked before an action's answer may come back after it: it would put the
   * desk back as it was (the called number gone, T and F dead). So a read is dropped
   * when an action began since it was asked (the action reads again once answered), or
   * when it is older than the state already shown. */
  let acts = 0;
  async function refresh() {
    const asked = acts;
    const r = await A.api("GET", "/api/v1/state");
    if (r.status === 200 && asked === acts && !(state && r.body.seq < state.seq)) {
      state = r.body;
      render();
    }
  }

  function myCounter() {
    return state && state.counters.find(function (c) { return c.id === me.id; });
  }

  function render() {
    if (!me || $("console").hidden) return;
    const c = myCounter(), t = c && c.ticket;
    const held = t && (t.state === "called" || t.state === "serving");
    /* the desk */
    $("number").textContent = t ? t.number : "–";
    $("number").className = "number" + (t && t.priority ? " priority" : "");
    if (t) {
      $("ticket-line").textContent = serviceName(t.service) + " · " + serviceNameEn(t.service) +
        " — " + (STATE_ID[t.state] || t.state) + " · " + t.state.replace("_", " ") +
        (t.recalls ? " — dipanggil ulang " + t.recalls + "× · recalled" : "") +
        (t.priority ? " — PRIORITAS · priority" : "");
    } else {
      $("ticket-line").textContent = "Belum ada yang dipanggil · Nobody at the desk";
    }
    const j = $("journey");
    j.textContent = "";
    if (t && t.steps && t.steps.length > 1) {
      t.steps.forEach(function (s, i) {
        j.appendChild(A.el("li", { class: i < t.step ? "done" : i === t.step ? "now" : "next",
          text: serviceName(s) }));
      });
    }
    /* the line */
    const tb = $("waiting");
    tb.textContent = "";
    (c ? c.services : []).forEach(function (id) {
      const s = state.services.find(function (x) { return x.id === id; });
      if (!s) return;
      const status = s.status && s.status !== SS.OPEN
        ? A.el("div", { class: "svc-status " + s.status, text: s.status === SS.CLOSED
          ? "TUTUP · closed" + (s.reason ? ": " + s.reason : "")
          : "TERBATAS · limited" + (s.reason ? ": " + s.reason : "") }) : null;
      tb.appendChild(A.el("tr", {}, [
        A.el("td", {}, [A.el("b", { text: s.name }), " ", A.el("span", { class: "en", text: s.name_en })]
          .concat(status ? [status] : [])),
        A.el("td", { class: "num big-cell", text: String(s.waiting) }),
        A.el("td", { class: "num", text: String(s.waiting_priority || 0) }),
        A.el("td", { class: "num", text: A.duration(s.longest_wait_s) }),
        A.el("td", { class: "num", text: s.est_wait_s === null || !s.waiting ? "–"
          : A.duration(s.est_wait_s) }),
      ]));
    });
    $("served").textContent = c ? String(c.served) : "0";
    $("mean").textContent = c && c.service_mean_s !== null && c.service_mean_s !== undefined
      ? A.duration(c.service_mean_s) : "–";
    $("state").textContent = c ? (COUNTER_ID[c.state] || c.state) + " · " + c.state : "–";
    /* the buttons: what makes sense now; antred decides anyway */
    const cs = c ? c.state : CS.CLOSED;
    const can = {
      "call-next": true, "call": true,
      "recall": held, "finish": held, "transfer": held, "defer": !!(held && t.journey !== null),
      "start": t && t.state === "called", "no-show": t && t.state === "called",
      "pause": cs === CS.OPEN, "open": cs !== CS.OPEN, "close": cs !== CS.CLOSED,
    };
    document.querySelectorAll("#actions button").forEach(function (b) {
      const a = b.getAttribute("data-action");
      b.disabled = !online || busy || can[a] === false || can[a] === undefined && false;
    });
  }

  /* --- actions --- */

  function press(action) {
    if (!online || busy) return;
    const b = document.querySelector('#actions button[data-action="' + action + '"]');
    if (b && b.disabled) return;
    if (action === "transfer") return openTransfer();
    if (action === "defer") {   /* a journey comes back another day (docs/journeys.md) */
      $("defer-date").value = "";
      $("defer-dialog").showModal();
      $("defer-date").focus();
      return;
    }
    if (action === "call") {
      $("call-number").value = "";
      $("call-dialog").showModal();
      $("call-number").focus();
      return;
    }
    act(action);
  }

  async function act(action, body) {
    busy = true;
    acts++;
    render();
    const r = await A.api("POST", "/api/v1/counters/" + encodeURIComponent(me.id) + "/" +
      action, token, body || {});
    busy = false;
    acts++;   /* a read asked while this action was on its way is older than its answer */
    if (r.status === 200 && r.body) {
      /* the answer, on screen at once; the stream's state follows */
      if (state) {
        const i = state.counters.findIndex(function (c) { return c.id === me.id; });
        if (i >= 0) state.counters[i] = r.body.counter;
      }
      const t = r.body.ticket, l = LABELS[action];
      if (t && (action === "call-next" || action === "call"))
        say("ok", "Memanggil " + t.number + " · Calling " + t.number);
      else
        say("ok", (t ? t.number + " — " : "") + l[0].replace("…", "") + " · " +
          l[1].replace("…", ""));
    } else if (r.status === 204) {
      say("warn", "Tidak ada yang menunggu · Nobody is waiting");
    } else if (r.status === 401) {
      say("bad", "401: " + ((r.body && r.body.message) || "") + " — masuk lagi · sign in again");
      localStorage.removeItem("antre.counter.token." + me.id);
      setTimeout(function () { showSignin(r.body && r.body.message); }, 1500);
    } else {
      say("bad", (r.status ? r.status + ": " : "") + ((r.body && r.body.message) || "ditolak · refused"));
    }
    render();
    refresh();
  }

  function openTransfer() {
    const box = $("transfer-services");
    box.textContent = "";
    office.services.forEach(function (s) {
      box.appendChild(A.el("button", { class: "pick", "data-service": s.id, onclick: function () {
        $("transfer-dialog").close();
        act("transfer", { service: s.id });
      } }, [A.el("b", { text: s.name }), A.el("span", { class: "en", text: s.name_en })]));
    });
    $("transfer-dialog").showModal();
  }

  document.addEventListener("keydown", function (e) {
    if (document.querySelector("dialog[open]") || $("console").hidden) return;
    if (e.ctrlKey || e.altKey || e.metaKey || e.target.tagName === "INPUT") return;
    const k = e.key.toUpperCase();
    if (k === "A") { e.preventDefault(); openAdmin(); return; }
    for (const a in LABELS) {
      if (LABELS[a][2] === k) { e.preventDefault(); press(a); return; }
    }
  });

  /* --- a ticket by its number (find any; cancel with the admin token; reprint on this
   * PC's printer): for the applicant whose ticket was lost or printed wrong --- */

  let found = null;
  function adminSay(kind, text) {
    const m = $("admin-message");
    m.className = "banner " + kind;
    m.textContent = text;
    m.hidden = false;
  }
  function openAdmin() {
    $("admin-number").value = "";
    $("admin-ticket").hidden = true;
    $("admin-message").hidden = true;
    $("admin-token").value = "";   /* never kept on a clerk's PC: typed for each cancel */
    $("admin-dialog").showModal();
    $("admin-number").focus();
  }
  async function findTicket() {
    const r = await A.api("GET", "/api/v1/tickets?number=" +
      encodeURIComponent($("admin-number").value.trim()), token);
    found = r.status === 200 ? r.body : null;
    $("admin-ticket").hidden = !found;
    if (!found) {
      adminSay("bad", (r.status ? r.status + ": " : "") + ((r.body && r.body.message) || ""));
      return;
    }
    $("admin-message").hidden = true;
    $("admin-ticket-number").textContent = found.number;
    $("admin-ticket-line").textContent = serviceName(found.service) + " · " +
      serviceNameEn(found.service) + " — " + (STATE_ID[found.state] || found.state) + " · " +
      found.state.replace("_", " ");
  }
  async function cancelTicket() {
    const admin = $("admin-token").value.trim();
    const r = await A.api("POST", "/api/v1/tickets/" + encodeURIComponent(found.id) + "/cancel",
      admin, { reason: "admin" });
    $("admin-token").value = "";
    if (r.status === 200) {
      adminSay("ok", found.number + " dibatalkan · cancelled");
      findTicket();
    } else {
      adminSay("bad", (r.status ? r.status + ": " : "") + ((r.body && r.body.message) || ""));
    }
  }
  function printTicket() {
    const p = $("print-ticket");
    p.textContent = "";
    [A.el("div", { text: office.name }), A.el("div", { class: "pt-number", text: found.number }),
      A.el("div", { text: serviceName(found.service) + " / " + serviceNameEn(found.service) }),
      A.el("div", { text: "Cetak ulang · Reprint " + new Date().toLocaleString("id-ID") }),
      A.el("div", { text: office.ticket_footer || "" })].forEach(function (e) { p.appendChild(e); });
    window.print();
  }

  /* --- start --- */

  async function main() {
    $("admin-open").addEventListener("click", openAdmin);
    $("admin-find").addEventListener("submit", function (e) { e.preventDefault(); findTicket(); });
    $("admin-cancel").addEventListener("click", cancelTicket);
    $("admin-print").addEventListener("click", printTicket);
    document.querySelectorAll("[data-close]").forEach(function (b) {
      b.addEventListener("click", function () { b.closest("dialog").close(); });
    });
    $("call-form").addEventListener("submit", function () {
      const n = $("call-number").value.trim();
      if (n) act("call", { number: n });
    });
    $("defer-form").addEventListener("submit", function () {
      const d = $("defer-date").value;
      if (d) act("defer", { return_on: d, step: $("defer-next").checked ? "next" : "same" });
    });
    $("token-form").addEventListener("submit", function (e) {
      e.preventDefault();
      signIn(me, $("token").value.trim(), false);
    });
    $("signout").addEventListener("click", function () {
      if (live) live.stop();
      clearInterval(presence);
      localStorage.removeItem("antre.counter");
      showSignin(null);
    });
    let r;
    for (;;) {   /* antred may be starting: wait for the office */
      r = await A.api("GET", "/api/v1/office");
      if (r.status === 200) break;
      A.setOffline(true);
      await new Promise(function (ok) { setTimeout(ok, 2000); });
    }
    A.setOffline(false);
    office = r.body;
    $("office").textContent = office.name;
    const saved = localStorage.getItem("antre.counter");
    const c = saved && office.counters.find(function (x) { return x.id === saved; });
    const tok = c && localStorage.getItem("antre.counter.token." + c.id);
    if (c && tok) signIn(c, tok, true);
    else showSignin(null);
  }
  main();
})();
