// vagval serve: live updates on top of pages that work without JavaScript.
// One EventSource per page. A participant's stream carries only their own
// progress; the facilitator's and presenter's streams say "something
// changed" and the page fetches its live part again.
(function () {
  "use strict";
  var role = document.body.getAttribute("data-role");
  var live = document.getElementById("live");
  if (window.EventSource && role && role !== "none" && role !== "slips") {
    var last = null;
    var source = new EventSource("/events");
    source.addEventListener("state", function (event) {
      if (role === "participant") {
        var state = JSON.parse(event.data);
        // On a question, only a new question (a reopened judgment) reloads;
        // on the summary, a reveal or the close does too.
        var asking = document.querySelector("form.question") !== null;
        var key = asking ? state.step : state.step + "|" + state.revealed + "|" + state.closed;
        if (last !== null && key !== last) {
          source.close();
          window.location.reload();
        }
        last = key;
      } else if (live) {
        fetch(live.getAttribute("data-fragment"), { credentials: "same-origin" })
          .then(function (r) { return r.ok ? r.text() : null; })
          .then(function (html) { if (html !== null) { live.innerHTML = html; } })
          .catch(function () {});
      }
    });
  }
  var form = document.getElementById("rerank");
  if (form) {
    var out = document.getElementById("rerank-result");
    var timer = null;
    var pending = null;
    var send = function () {
      if (pending) { pending.abort(); }
      pending = new AbortController();
      fetch(form.getAttribute("action"), {
        method: "POST",
        body: new URLSearchParams(new FormData(form)),
        headers: { "x-fragment": "1" },
        credentials: "same-origin",
        signal: pending.signal
      })
        .then(function (r) { return r.text(); })
        .then(function (html) { out.innerHTML = html; })
        .catch(function () {});
    };
    form.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(send, 40);
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      send();
    });
    send();
  }
})();
