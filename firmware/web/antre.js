/* Shared by the antre pages: talking to antred (fetch with a token), the live event
 * stream with resume, the offline mark, and small formatting helpers. Event and state
 * names come from /web/protocol.js (window.ANTRE), made by antred from its tables. */
(function () {
  "use strict";

  /* One API call. Resolves to {status, body} (body: parsed JSON or null); never
   * rejects: a network failure is status 0 with a sentence in body.message. */
  async function api(method, path, token, body) {
    const headers = {};
    if (token) headers["Authorization"] = "Bearer " + token;
    if (body !== undefined) headers["Content-Type"] = "application/json";
    try {
      const r = await fetch(path, {
        method: method, headers: headers, cache: "no-store",
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      let json = null;
      const text = await r.text();
      if (text) { try { json = JSON.parse(text); } catch (e) { json = null; } }
      return { status: r.status, body: json };
    } catch (e) {
      return { status: 0, body: { error: "unreachable",
        message: "antred tidak terjangkau / antred cannot be reached" } };
    }
  }

  /* The live stream: onEvent(type, data, id) for every event (the first is the
   * snapshot, type ANTRE.snapshot), onLink(up) when the link comes and goes. The last
   * id seen is kept in sessionStorage under key, so a reload resumes after it; the
   * browser's EventSource sends Last-Event-ID by itself on its own reconnects, and a
   * stream that ended for good (antred restarting) is opened again with backoff. */
  function stream(path, key, onEvent, onLink) {
    let es = null, backoff = 500, stopped = false;
    const types = Object.keys(window.ANTRE.events).concat([window.ANTRE.snapshot]);
    function open() {
      const last = sessionStorage.getItem(key);
      const sep = path.indexOf("?") < 0 ? "?" : "&";
      es = new EventSource(last ? path + sep + "last_event_id=" + encodeURIComponent(last) : path);
      es.onopen = function () { backoff = 500; onLink(true); };
      es.onerror = function () {
        onLink(false);
        if (es.readyState === EventSource.CLOSED && !stopped) {
          es = null;
          setTimeout(open, backoff);
          backoff = Math.min(backoff * 2, 5000);
        }
      };
      types.forEach(function (t) {
        es.addEventListener(t, function (m) {
          if (m.lastEventId) sessionStorage.setItem(key, m.lastEventId);
          let data = null;
          try { data = JSON.parse(m.data); } catch (e) { return; }
          onEvent(t, data, m.lastEventId);
        });
      });
    }
    open();
    return { stop: function () { stopped = true; if (es) es.close(); } };
  }

  function flagsOf(type) { return window.ANTRE.events[type] || 0; }

  /* "3 mnt", "1 j 05 mnt", "45 dtk" for seconds; "–" for null. */
  function duration(s) {
    if (s === null || s === undefined || s < 0) return "–";
    s = Math.round(s);
    if (s < 60) return s + " dtk";
    const m = Math.floor(s / 60);
    if (m < 60) return m + " mnt";
    return Math.floor(m / 60) + " j " + String(m % 60).padStart(2, "0") + " mnt";
  }

  /* Seconds since an ISO time (null when none). */
  function since(iso, nowMs) {
    if (!iso) return null;
    const t = Date.parse(iso);
    return isNaN(t) ? null : Math.max(0, ((nowMs || Date.now()) - t) / 1000);
  }

  function el(tag, attrs, children) {
    const e = document.createElement(tag);
    for (const k in attrs || {}) {
      if (k === "class") e.className = attrs[k];
      else if (k === "text") e.textContent = attrs[k];
      else if (k.startsWith("on")) e.addEventListener(k.slice(2), attrs[k]);
      else e.setAttribute(k, attrs[k]);
    }
    (children || []).forEach(function (c) {
      e.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return e;
  }

  /* Two lines of one label: Bahasa Indonesia first, English under it. */
  function bi(id, en) {
    return el("span", { class: "bi" }, [el("span", { class: "id", text: id }),
      el("span", { class: "en", text: en })]);
  }

  function setOffline(off) { document.body.classList.toggle("is-offline", off); }

  window.Antre = { api: api, stream: stream, flagsOf: flagsOf, duration: duration,
    since: since, el: el, bi: bi, setOffline: setOffline };
})();
