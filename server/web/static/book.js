// The booking page: pick a service, a day and a time, leave a name and a phone, get a code; find or cancel it.
// Every rule is the server's: this script only shows what the booking API answers.
"use strict";
(function () {
  const T = JSON.parse(document.getElementById("texts").textContent);
  const english = document.getElementById("book").dataset.lang === "en";
  const form = document.getElementById("form");
  const slotsBox = document.getElementById("slots");
  const error = document.getElementById("error");
  const done = document.getElementById("done");
  let current = null; // {code, phone} of the booking shown

  function chosen(name) {
    const input = form.querySelector("input[name=" + name + "]:checked");
    return input ? input.value : null;
  }

  // A booking's day as the day chooser writes it (server/web/book.py day_label): "Thu 5 Mar", "3月5日 周四".
  function dayLabel(iso) {
    const [y, m, d] = iso.split("-").map(Number);
    const weekday = (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7; // Monday first, as in the table
    return T.day_label.replace("{mon}", T.months.length ? T.months[m - 1] : "").replace("{m}", String(m))
      .replace("{d}", String(d)).replace("{w}", T.weekdays[weekday]);
  }

  // The service's name as the page lists it (its English name on the English page), else the server's.
  function serviceName(code, fallback) {
    const input = form.querySelector("input[name=service][value='" + CSS.escape(code) + "']");
    return input ? input.parentElement.textContent.trim() : fallback;
  }

  function problem(answer, fallback) {
    const err = answer && answer.error;
    if (!err) return fallback;
    if (english) return T.errors[err.code] || fallback;
    return err.message || fallback;
  }

  function markDays() {
    const service = chosen("service");
    let firstOpen = null;
    for (const label of document.querySelectorAll("#days .day")) {
      const open = label.dataset.openFor.split(" ").includes(service);
      const input = label.querySelector("input");
      input.disabled = !open;
      label.classList.toggle("disabled", !open);
      if (!open && input.checked) input.checked = false;
      if (open && firstOpen === null) firstOpen = input;
    }
    if (!chosen("date") && firstOpen) firstOpen.checked = true;
  }

  async function loadSlots() {
    slotsBox.textContent = "";
    const service = chosen("service");
    const day = chosen("date");
    if (!service || !day) {
      slotsBox.textContent = T.no_slots;
      return;
    }
    slotsBox.textContent = T.loading;
    try {
      const r = await fetch("/api/v1/bookings/slots?service=" + encodeURIComponent(service) + "&date=" + day,
        { cache: "no-store" });
      const answer = await r.json();
      slotsBox.textContent = "";
      if (!r.ok) {
        slotsBox.textContent = problem(answer, T.no_slots);
        return;
      }
      if (answer.length === 0) slotsBox.textContent = T.no_slots;
      for (const s of answer) {
        const label = document.createElement("label");
        label.className = "choice" + (s.left === 0 ? " disabled" : "");
        const input = document.createElement("input");
        input.type = "radio";
        input.name = "slot";
        input.value = s.slot;
        input.disabled = s.left === 0;
        const span = document.createElement("span");
        span.textContent = s.slot;
        const small = document.createElement("small");
        small.textContent = s.left === 0 ? T.full : T.left.replace("{n}", s.left);
        span.appendChild(small);
        label.append(input, span);
        slotsBox.appendChild(label);
      }
    } catch (e) {
      slotsBox.textContent = T.network;
    }
  }

  function show(booking, phone) {
    current = { code: booking.code, phone: phone };
    const cancelled = booking.status === "cancelled";
    done.hidden = false;
    done.classList.toggle("cancelled", cancelled);
    document.getElementById("done-title").textContent =
      booking.status === "booked" ? T.done_title : T["status_" + booking.status];
    document.getElementById("done-what").textContent =
      dayLabel(booking.date) + " " + booking.slot + " · " + serviceName(booking.service, booking.service_name);
    document.getElementById("done-code").textContent = booking.code;
    document.getElementById("done-come").textContent =
      booking.status === "booked" ? T.come_from.replace("{t}", booking.come_from) : "";
    document.getElementById("cancel").hidden = booking.status !== "booked";
    document.getElementById("done-keep").hidden = booking.status !== "booked";
    done.scrollIntoView({ block: "start" });
  }

  async function send(method, url, body) {
    const r = await fetch(url, {
      method: method,
      headers: body ? { "Content-Type": "application/json" } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    let answer = null;
    try { answer = await r.json(); } catch (e) { answer = null; }
    return { ok: r.ok, answer: answer };
  }

  form.addEventListener("change", function (event) {
    if (event.target.name === "service") markDays();
    if (event.target.name === "service" || event.target.name === "date") loadSlots();
  });

  form.addEventListener("submit", async function (event) {
    event.preventDefault();
    error.textContent = "";
    const body = {
      service: chosen("service"), date: chosen("date"), slot: chosen("slot"),
      name: document.getElementById("name").value.trim(), phone: document.getElementById("phone").value.trim(),
    };
    const holder = document.getElementById("holder_id").value.trim();
    if (holder) body.holder_id = holder;
    if (!body.date || !body.slot) {
      error.textContent = T.pick_slot_first;
      return;
    }
    try {
      const { ok, answer } = await send("POST", "/api/v1/bookings", body);
      if (!ok) {
        error.textContent = problem(answer, T.network);
        loadSlots();
        return;
      }
      show(answer, body.phone);
      loadSlots();
    } catch (e) {
      error.textContent = T.network;
    }
  });

  document.getElementById("cancel").addEventListener("click", async function () {
    if (!current) return;
    const url = "/api/v1/bookings/" + encodeURIComponent(current.code) + "?phone=" + encodeURIComponent(current.phone);
    const { ok, answer } = await send("DELETE", url);
    if (!ok) {
      error.textContent = problem(answer, T.network);
      return;
    }
    show(answer, current.phone);
    loadSlots();
  });

  document.getElementById("find").addEventListener("click", async function () {
    error.textContent = "";
    const code = document.getElementById("find-code").value.trim();
    const phone = document.getElementById("find-phone").value.trim();
    const url = "/api/v1/bookings/" + encodeURIComponent(code) + "?phone=" + encodeURIComponent(phone);
    const { ok, answer } = await send("GET", url);
    if (!ok) {
      error.textContent = problem(answer, T.network);
      error.scrollIntoView({ block: "center" });
      return;
    }
    show(answer, phone);
  });

  markDays();
  loadSlots();
})();
