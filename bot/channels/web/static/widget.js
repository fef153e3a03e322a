/* pakn-bot widget: <script src="https://BOT/widget.js" async></script> on any page adds a button that opens
   the bot's chat in an iframe from the bot's own origin (cookies, scripts and data stay there). */
(function () {
  "use strict";
  if (window.__paknWidget) { return; }
  window.__paknWidget = true;
  var origin = "__PAKN_ORIGIN__";
  var label = "__PAKN_LABEL__";
  var closeLabel = "__PAKN_CLOSE__";
  var open = false;
  var frame = null;
  var btn = document.createElement("button");
  btn.type = "button";
  btn.textContent = "💬 " + label;
  btn.setAttribute("aria-expanded", "false");
  btn.setAttribute("aria-controls", "pakn-widget-frame");
  btn.id = "pakn-widget-button";
  var s = btn.style;
  s.position = "fixed"; s.right = "16px"; s.bottom = "16px"; s.zIndex = "2147483646"; s.padding = "12px 16px";
  s.borderRadius = "24px"; s.border = "0"; s.background = "#0b4f8a"; s.color = "#fff"; s.font = "600 16px system-ui, sans-serif";
  s.cursor = "pointer"; s.boxShadow = "0 2px 8px rgba(0,0,0,.3)"; s.minHeight = "44px";
  function toggle() {
    open = !open;
    if (open && !frame) {
      frame = document.createElement("iframe");
      frame.id = "pakn-widget-frame";
      frame.title = label;
      frame.src = origin + "/?embed=1";
      frame.setAttribute("allow", "clipboard-write; geolocation");  // geolocation: the chat's "📍 Vị trí" button
      var f = frame.style;
      f.position = "fixed"; f.right = "16px"; f.bottom = "76px"; f.zIndex = "2147483647"; f.border = "1px solid #c8ccd2";
      f.borderRadius = "12px"; f.background = "#fff"; f.boxShadow = "0 4px 16px rgba(0,0,0,.3)";
      f.width = "min(400px, calc(100vw - 32px))"; f.height = "min(620px, calc(100vh - 100px))";
      document.body.appendChild(frame);
    }
    frame.style.display = open ? "block" : "none";
    btn.textContent = open ? "✕ " + closeLabel : "💬 " + label;
    btn.setAttribute("aria-expanded", open ? "true" : "false");
    if (open) { frame.focus(); }
  }
  btn.addEventListener("click", toggle);
  function mount() { document.body.appendChild(btn); }
  if (document.body) { mount(); } else { document.addEventListener("DOMContentLoaded", mount); }
})();
