/* pakn-bot web chat: WebSocket with long polling as fallback; every text is inserted as text (never HTML). */
(function () {
  "use strict";
  var main = document.getElementById("main");
  var log = document.getElementById("log");
  var form = document.getElementById("composer");
  var input = document.getElementById("text");
  var fileInput = document.getElementById("file");
  var typing = document.getElementById("typing");
  var status = document.getElementById("status");
  var phoneForm = document.getElementById("phone-form");
  var phoneInput = document.getElementById("phone");
  var csrf = document.querySelector('meta[name="csrf-token"]').getAttribute("content");
  var labels = { you: main.dataset.you, bot: main.dataset.bot };
  var lastId = 0;
  var seen = {};
  var ws = null;
  var wsFailures = 0;
  var polling = false;
  var loaded = false;
  var typingTimer = null;

  function clientId() {
    var a = new Uint8Array(12);
    window.crypto.getRandomValues(a);
    return Array.prototype.map.call(a, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function setTyping(on) {
    typing.hidden = !on;
    if (typingTimer) { clearTimeout(typingTimer); typingTimer = null; }
    if (on) { typingTimer = setTimeout(function () { typing.hidden = true; }, 15000); }
  }

  function setStatus(text) { status.textContent = text || ""; }

  function render(m) {
    if (!m || !m.id || seen[m.id]) { return; }
    seen[m.id] = true;
    if (m.id > lastId) { lastId = m.id; }
    var box = document.createElement("div");
    box.className = "msg " + (m.dir === "in" ? "in" : "out");
    box.dataset.id = String(m.id);
    var who = document.createElement("span");
    who.className = "who";
    who.textContent = m.dir === "in" ? labels.you : labels.bot;
    box.appendChild(who);
    var body = document.createElement("p");
    body.className = "body";
    body.textContent = m.text || "";
    box.appendChild(body);
    if (m.files && m.files.length) {
      var f = document.createElement("p");
      f.className = "files";
      f.textContent = "📎 " + m.files.join(", ");
      box.appendChild(f);
    }
    if (m.dir !== "in" && m.buttons && m.buttons.length) {
      var group = document.createElement("div");
      group.className = "choices";
      group.setAttribute("role", "group");
      group.setAttribute("aria-label", "Lựa chọn");
      m.buttons.forEach(function (row) {
        row.forEach(function (b) {
          var btn = document.createElement("button");
          btn.type = "button";
          btn.textContent = b.text;
          btn.dataset.payload = b.payload;
          btn.addEventListener("click", function () {
            Array.prototype.forEach.call(group.querySelectorAll("button"), function (x) { x.disabled = true; });
            send({ payload: b.payload, label: b.text });
          });
          group.appendChild(btn);
        });
      });
      box.appendChild(group);
    }
    if (m.dir !== "in") {
      setTyping(false);
      phoneForm.hidden = !m.request_phone;
      var loc = document.getElementById("locate");
      if (loc) { loc.classList.toggle("wanted", !!m.request_location); }
    }
    if (m.dir === "in") {  // the server's copy replaces the bubble shown while sending
      var waiting = log.querySelector(".msg.in.pending");
      if (waiting) { log.removeChild(waiting); }
    }
    log.appendChild(box);
    log.scrollTop = log.scrollHeight;
  }

  function renderAll(list) {
    (list || []).sort(function (a, b) { return a.id - b.id; }).forEach(render);
  }

  function afterHistory() {
    if (loaded) { return; }
    loaded = true;
    var dt = main.dataset.startDt;
    if (dt) {
      send({ text: "/start dt_" + dt, label: "Đăng ký câu hỏi đối thoại" });
    } else if (lastId === 0) {
      send({ payload: "menu" });  // first visit: the welcome and the menu (no bubble for the citizen)
    }
  }

  function onData(data) {
    if (data.type === "history") { renderAll(data.messages); afterHistory(); }
    else if (data.type === "msg") { render(data); }
    else if (data.type === "typing") { setTyping(!!data.on); }
    else if (data.type === "error") { setTyping(false); setStatus(data.text); }
  }

  function connect() {
    if (!("WebSocket" in window) || wsFailures >= 2) { startPolling(); return; }
    var proto = location.protocol === "https:" ? "wss:" : "ws:";
    var sock;
    try { sock = new WebSocket(proto + "//" + location.host + "/ws"); } catch (e) { wsFailures++; startPolling(); return; }
    var opened = false;
    sock.onopen = function () {
      opened = true; wsFailures = 0; ws = sock; setStatus("");
      sock.send(JSON.stringify({ type: "hello", after: lastId }));
    };
    sock.onmessage = function (ev) {
      try { onData(JSON.parse(ev.data)); } catch (e) { /* ignore a malformed frame */ }
    };
    sock.onclose = function () {
      if (ws === sock) { ws = null; }
      if (!opened) { wsFailures++; }
      if (!polling) {
        setStatus(main.dataset.offline);
        setTimeout(connect, opened ? 1000 : 2000);
      }
    };
  }

  function startPolling() {
    if (polling) { return; }
    polling = true;
    setStatus("");
    var first = true;
    function loop() {
      fetch("/api/poll?after=" + lastId, { credentials: "same-origin", cache: "no-store" })
        .then(function (r) { if (!r.ok) { throw new Error(String(r.status)); } return r.json(); })
        .then(function (data) { renderAll(data.messages); if (first) { first = false; afterHistory(); } setStatus(""); loop(); })
        .catch(function () { setStatus(main.dataset.offline); setTimeout(loop, 3000); });
    }
    loop();
  }

  function post(url, body, headers) {
    headers = headers || {};
    headers["X-CSRF-Token"] = csrf;
    return fetch(url, { method: "POST", credentials: "same-origin", headers: headers, body: body })
      .then(function (r) {
        return r.json().catch(function () { return {}; }).then(function (data) {
          if (!r.ok) { throw new Error(data.error || main.dataset.offline); }
          return data;
        });
      });
  }

  function pending(text) {
    var box = document.createElement("div");
    box.className = "msg in pending";
    var who = document.createElement("span");
    who.className = "who";
    who.textContent = labels.you;
    var body = document.createElement("p");
    body.className = "body";
    body.textContent = text;
    box.appendChild(who);
    box.appendChild(body);
    log.appendChild(box);
    log.scrollTop = log.scrollHeight;
  }

  function send(msg) {
    msg.client_id = clientId();
    var shown = msg.payload ? msg.label : (msg.phone || msg.label || msg.text);
    if (shown) { pending(shown); }
    setStatus("");
    setTyping(true);
    if (ws && ws.readyState === 1) {
      msg.type = "send";
      ws.send(JSON.stringify(msg));
      return;
    }
    post("/api/send", JSON.stringify(msg), { "Content-Type": "application/json" })
      .then(function (data) { renderAll(data.messages); })
      .catch(function (e) { setTyping(false); setStatus(e.message); });
  }

  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var text = input.value.trim();
    if (!text) { return; }
    input.value = "";
    send({ text: text });
  });
  input.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter" && !ev.shiftKey && !ev.isComposing) {
      ev.preventDefault();
      form.requestSubmit ? form.requestSubmit() : form.dispatchEvent(new Event("submit", { cancelable: true }));
    }
  });
  phoneForm.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var phone = phoneInput.value.trim();
    if (!phone) { return; }
    phoneInput.value = "";
    phoneForm.hidden = true;
    send({ phone: phone });
  });
  Array.prototype.forEach.call(document.querySelectorAll(".menu .chip, .items .chip"), function (b) {
    b.addEventListener("click", function () { send({ payload: b.dataset.payload, label: b.textContent }); });
  });
  var locate = document.getElementById("locate");
  if (locate && navigator.geolocation) {  // the browser's position, only when the citizen presses the button
    locate.hidden = false;
    locate.addEventListener("click", function () {
      locate.disabled = true;
      setStatus(main.dataset.locating);
      navigator.geolocation.getCurrentPosition(function (pos) {
        locate.disabled = false;
        setStatus("");
        send({ lat: pos.coords.latitude, lon: pos.coords.longitude, label: locate.textContent });
      }, function () {
        locate.disabled = false;
        setStatus(main.dataset.locationError);
      }, { enableHighAccuracy: true, timeout: 20000, maximumAge: 60000 });
    });
  }
  fileInput.addEventListener("change", function () {
    var file = fileInput.files && fileInput.files[0];
    if (!file) { return; }
    var maxBytes = parseFloat(main.dataset.maxMb) * 1024 * 1024;
    if (file.size > maxBytes || !/^(image\/(jpeg|png)|application\/pdf)$/.test(file.type)) {
      setStatus(main.dataset.tooLarge);
      fileInput.value = "";
      return;
    }
    var data = new FormData();
    data.append("file", file);
    data.append("caption", input.value.trim());
    data.append("client_id", clientId());
    input.value = "";
    fileInput.value = "";
    setTyping(true);
    post("/api/upload", data)
      .then(function (res) { renderAll(res.messages); })
      .catch(function (e) { setTyping(false); setStatus(e.message); });
  });
  connect();
})();
