/* /t/{id}, live: reload when this ticket moves, someone at its service is called, a
 * counter opens, pauses or closes (the estimate changes), or the day starts anew. The
 * page itself is rendered by antred (it works without JavaScript); the event names and
 * flags come from /web/protocol.js (made from protocol.h's table). */
(function () {
  "use strict";
  var b = document.body, id = b.dataset.ticket, svc = b.dataset.service, P = window.ANTRE;
  if (!id || !P)
    return;
  if (!window.EventSource) {
    setTimeout(function () { location.reload(); }, 30000);
    return;
  }
  var F = P.flags, es = new EventSource("/api/v1/events?last_event_id=" + b.dataset.seq);
  function on(e) {
    var flags = P.events[e.type] || 0, d = JSON.parse(e.data), t = d.ticket;
    var mine = t && (t.id === id || ((flags & F.CALL) && t.service === svc));
    if ((flags & (F.DAY | F.COUNTER | F.SERVICE)) || mine) {
      es.close();
      location.reload();
    }
  }
  Object.keys(P.events).forEach(function (k) {
    if (P.events[k] & (F.TICKET | F.DAY | F.COUNTER | F.SERVICE))
      es.addEventListener(k, on);
  });
})();
