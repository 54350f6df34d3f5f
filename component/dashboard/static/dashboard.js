// oda-cms dashboard: live refresh of the page's live region from the outbox event stream.
// The server renders everything; this script only re-fetches the current page when an event of a kind
// the page shows arrives, and swaps the region in place (keeping focus, never while a form is being edited).
"use strict";

// SLA countdowns: every [data-due] element says how long until (or since) its due time, kept current.
(function () {
  function duration(seconds) {
    seconds = Math.abs(Math.trunc(seconds));
    const hours = Math.floor(seconds / 3600);
    const minutes = Math.floor((seconds % 3600) / 60);
    if (hours >= 48) {
      return Math.floor(hours / 24) + " d " + (hours % 24) + " h";
    }
    if (hours) {
      return hours + " h " + String(minutes).padStart(2, "0") + " min";
    }
    return minutes ? minutes + " min" : (seconds % 60) + " s";
  }

  function tick() {
    document.querySelectorAll("[data-due]").forEach(function (element) {
      const left = (Date.parse(element.dataset.due) - Date.now()) / 1000;
      if (!Number.isNaN(left)) {
        element.textContent = left >= 0 ? "due in " + duration(left) : "overdue by " + duration(left);
        element.classList.toggle("overdue", left < 0);
      }
    });
  }

  window.setInterval(tick, 30000);
})();

(function () {
  const body = document.body;
  const root = body.dataset.root;
  const kinds = (body.dataset.liveKinds || "").split(",").filter(Boolean);
  const status = document.getElementById("live-status");
  if (!kinds.length || !window.EventSource) {
    return;
  }
  let refreshing = false;
  let again = false;
  let timer = null;

  function editing() {
    const active = document.activeElement;
    return active && active.closest("#live-region") && active.matches("input, select, textarea");
  }

  function schedule() {
    if (timer) {
      return;
    }
    timer = window.setTimeout(function () {
      timer = null;
      refresh();
    }, 400);
  }

  async function refresh() {
    if (refreshing || editing()) {
      again = true;
      return;
    }
    refreshing = true;
    try {
      const response = await fetch(window.location.href, {headers: {"Accept": "text/html"}, cache: "no-store"});
      if (response.ok) {
        swap(await response.text());
      }
    } catch (error) {
      status.textContent = "Live updates interrupted; retrying.";
    } finally {
      refreshing = false;
      if (again) {
        again = false;
        schedule();
      }
    }
  }

  function swap(html) {
    const fresh = new DOMParser().parseFromString(html, "text/html").getElementById("live-region");
    const region = document.getElementById("live-region");
    if (!fresh || !region || fresh.innerHTML === region.innerHTML) {
      return;
    }
    const focused = document.activeElement && region.contains(document.activeElement) ? document.activeElement.id : "";
    region.innerHTML = fresh.innerHTML;
    if (focused && document.getElementById(focused)) {
      document.getElementById(focused).focus();
    }
    status.textContent = "Updated " + new Date().toLocaleTimeString();
    body.dataset.refreshed = String(Number(body.dataset.refreshed || "0") + 1);
  }

  document.addEventListener("focusout", function () {
    if (again) {
      again = false;
      schedule();
    }
  });

  const source = new EventSource(root + "/live?after=" + encodeURIComponent(body.dataset.liveAfter || "0"));
  source.onmessage = function (message) {
    const change = JSON.parse(message.data);
    if (kinds.includes("*") || kinds.includes(change.kind)) {
      schedule();
    }
  };
  source.onopen = function () {
    body.dataset.live = "open";
  };
})();
