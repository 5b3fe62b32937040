// Keeps the dashboard live: any hall event (or a minute passing) re-renders its parts on the server and swaps
// them in. One rendering path (the Jinja templates), so the live view never disagrees with a reload.
"use strict";
(function () {
  const live = document.getElementById("live");
  const parts = { hall: "hall", alerts: "alerts", devices: "devices", cases: "cases-list" };
  let timer = null;
  let pendingCases = null;

  function typing(container) {
    // Never wipe a supervisor's half-written case response: hold the new list until they are done.
    const active = document.activeElement;
    if (active && container.contains(active)) return true;
    return Array.from(container.querySelectorAll("textarea")).some(function (t) { return t.value.trim() !== ""; });
  }

  async function update() {
    let response;
    try {
      response = await fetch("/admin/fragments", { cache: "no-store", credentials: "same-origin" });
    } catch (err) {
      live.textContent = "网络中断，正在重试…";
      live.dataset.state = "down";
      return;
    }
    if (response.status === 401) {
      location.href = "/admin/login";
      return;
    }
    if (!response.ok) {
      live.textContent = "刷新失败（" + response.status + "），稍后重试";
      return;
    }
    const html = await response.json();
    Object.keys(parts).forEach(function (name) {
      const container = document.getElementById(parts[name]);
      if (name === "cases" && typing(container)) {
        pendingCases = html[name];
        return;
      }
      container.innerHTML = html[name];
    });
  }

  function updateSoon() {
    clearTimeout(timer);
    timer = setTimeout(update, 250);
  }

  document.addEventListener("focusout", function () {
    const container = document.getElementById("cases-list");
    if (pendingCases !== null && !typing(container)) {
      container.innerHTML = pendingCases;
      pendingCases = null;
    }
  });

  let backoff = 1000;
  function connect() {
    const scheme = location.protocol === "https:" ? "wss://" : "ws://";
    const ws = new WebSocket(scheme + location.host + "/api/v1/events");
    ws.onopen = function () {
      backoff = 1000;
      live.textContent = "实时更新中";
      live.dataset.state = "up";
    };
    ws.onmessage = function (message) {
      const event = JSON.parse(message.data);
      if (event.type !== "snapshot") updateSoon();
    };
    ws.onclose = function () {
      live.textContent = "实时连接中断，正在重连…";
      live.dataset.state = "down";
      setTimeout(connect, backoff);
      backoff = Math.min(backoff * 2, 30000);
      updateSoon();
    };
  }

  connect();
  setInterval(update, 30000); // waits grow and deadlines near even when nothing happens
})();
