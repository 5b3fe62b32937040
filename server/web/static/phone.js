// The citizen's ticket page: live through the hall's public event stream, with a slow poll as a safety net.
// It only ever shows this ticket: events about other tickets are used as a hint to re-read our own position.
"use strict";
(function () {
  const main = document.getElementById("ticket");
  const id = Number(main.dataset.id);
  const token = main.dataset.token;
  const service = main.dataset.service;
  const headline = document.getElementById("headline");
  const detail = document.getElementById("detail");
  const estimate = document.getElementById("estimate");
  const conn = document.getElementById("conn");
  const soundButton = document.getElementById("sound");
  const STATES = {
    waiting: "排队等候中", transferred: "已转办，排队等候中", called: "正在叫号", serving: "正在办理",
    done: "已办结", no_show: "已过号", held: "已挂起", cancelled: "已取消",
  };
  const SOON = 3; // this many ahead or fewer: 即将到号, the phone buzzes once so the citizen comes back
  let audio = null;
  let lastCall = null;
  let toldSoon = false;
  let refreshTimer = null;

  function render(t) {
    document.body.className = "state-" + t.state;
    detail.textContent = "";
    estimate.textContent = "";
    if (t.state === "called") {
      headline.textContent = "请到" + t.window + "号窗口";
      detail.textContent = (t.recall > 0 ? "正在再次叫您的号" : "正在叫您的号") + "\n请尽快前往";
      document.title = "请到" + t.window + "号窗口";
      const key = t.window + ":" + t.recall;
      if (lastCall !== key) {
        lastCall = key;
        alertCitizen();
      }
      return;
    }
    document.title = t.number + " 号";
    if (t.state === "waiting" || t.state === "transferred") {
      const soon = t.waiting_ahead <= SOON;
      headline.textContent = soon ? "即将到号" : STATES[t.state];
      document.body.className = "state-" + t.state + (soon ? " soon" : "");
      detail.textContent = t.waiting_ahead === 0 ? "下一个就是您" : "前面还有 " + t.waiting_ahead + " 人";
      if (t.waiting_ahead > 0 && t.est_wait_min > 0) {
        const span = t.est_wait_range ? t.est_wait_range[0] + "–" + t.est_wait_range[1] : String(t.est_wait_min);
        estimate.textContent = "预计等候约\u00a0" + span + "\u00a0分钟"; // the words of jiaohao/domain/wording.py
      }
      if (soon && !toldSoon) {
        toldSoon = true;
        alertCitizen();
      }
    } else if (t.state === "serving") {
      headline.textContent = "正在" + t.window + "号窗口办理";
    } else if (t.state === "done" && (t.outcome === "accepted_pending" || t.outcome === "returned")) {
      // 一次性告知: the list of what is missing is drawn by the server (_outcome.html); load it once.
      headline.textContent = t.outcome === "returned" ? "暂不予受理" : "已容缺受理";
      detail.textContent = "请查看下方一次性告知的材料清单";
      showNotice(t);
    } else if (t.state === "done") {
      headline.textContent = t.outcome === "consulted" ? "咨询已完成" : "业务已办结";
      detail.textContent = "感谢您的耐心，欢迎在窗口评价器上评价本次服务";
    } else if (t.state === "no_show") {
      headline.textContent = "您已过号";
      detail.textContent = "请到服务台咨询或重新取号";
    } else if (t.state === "held") {
      headline.textContent = "已挂起，请留意再次叫号";
    } else {
      headline.textContent = STATES[t.state] || t.state;
    }
  }

  // 一次性告知 arriving live: the same section the server draws on a fresh load (_outcome.html).
  function showNotice(t) {
    if (document.getElementById("notice") || !t.missing || !t.missing.length) {
      return;
    }
    const section = document.createElement("section");
    section.className = "notice";
    section.id = "notice";
    const title = document.createElement("h2");
    title.textContent = "一次性告知";
    const kind = document.createElement("p");
    kind.className = "notice-kind";
    kind.textContent = t.outcome === "accepted_pending"
      ? "已容缺受理，请在期限内补齐以下材料" : "暂不予受理，请备齐以下材料后再来办理";
    const list = document.createElement("ol");
    list.className = "missing";
    t.missing.forEach(function (item) {
      const li = document.createElement("li");
      li.textContent = item;
      list.appendChild(li);
    });
    section.append(title, kind, list);
    if (t.due) {
      const [y, m, d] = t.due.split("-").map(Number);
      const due = document.createElement("p");
      due.className = "due";
      due.textContent = "补齐期限：" + y + "年" + m + "月" + d + "日前";
      section.appendChild(due);
    }
    const hint = document.createElement("p");
    hint.className = "hint";
    hint.textContent = "材料齐全后到任一窗口办理，出示本页或告知书即可，无需重新说明情况。";
    section.appendChild(hint);
    document.querySelector(".status").after(section);
  }

  async function refresh() {
    try {
      const r = await fetch("/api/v1/tickets/" + id + "?track=" + encodeURIComponent(token), { cache: "no-store" });
      if (r.ok) {
        render(await r.json());
      }
    } catch (err) {
      conn.textContent = "网络不稳定，正在重试…";
      console.warn("ticket refresh failed", err);
    }
  }

  function refreshSoon() {
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(refresh, 300);
  }

  function alertCitizen() {
    if (navigator.vibrate) {
      navigator.vibrate([400, 200, 400, 200, 800]);
    }
    if (audio) {
      // Three short rising beeps; only after a tap unlocked audio, as phones require.
      const start = audio.currentTime;
      [0, 0.45, 0.9].forEach(function (offset, i) {
        const osc = audio.createOscillator();
        const gain = audio.createGain();
        osc.frequency.value = 660 + i * 220;
        gain.gain.setValueAtTime(0.4, start + offset);
        gain.gain.exponentialRampToValueAtTime(0.001, start + offset + 0.35);
        osc.connect(gain).connect(audio.destination);
        osc.start(start + offset);
        osc.stop(start + offset + 0.4);
      });
    }
  }

  soundButton.addEventListener("click", function () {
    const Ctx = window.AudioContext || window.webkitAudioContext;
    if (!Ctx) {
      soundButton.textContent = "此手机不支持提示音，叫号时将震动提醒";
      return;
    }
    audio = audio || new Ctx();
    audio.resume();
    soundButton.textContent = "提示音已开启";
    soundButton.disabled = true;
  });

  let backoff = 1000;
  function connect() {
    const scheme = location.protocol === "https:" ? "wss://" : "ws://";
    const ws = new WebSocket(scheme + location.host + "/api/v1/events");
    ws.onopen = function () {
      backoff = 1000;
      conn.textContent = "实时更新中";
    };
    ws.onmessage = function (message) {
      const event = JSON.parse(message.data);
      const data = event.data || {};
      if (event.type === "snapshot" || data.id === id) {
        refresh();
      } else if (event.type === "hall.counts" || data.service === service) {
        refreshSoon(); // someone ahead moved: re-read our own place in the queue
      }
    };
    ws.onclose = function () {
      conn.textContent = "连接中断，正在重新连接…";
      setTimeout(connect, backoff);
      backoff = Math.min(backoff * 2, 30000);
    };
  }

  connect();
  setInterval(refresh, 30000);
})();
