// Counts down from the seconds the server said were left (the server's clock, not the phone's).
(function () {
  "use strict";
  var timer = document.querySelector(".countdown[data-seconds-left]");
  if (!timer) return;
  var left = parseInt(timer.getAttribute("data-seconds-left"), 10);
  if (isNaN(left)) return;
  var ends = Date.now() + left * 1000;
  var label = timer.getAttribute("data-left-text");
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function tick() {
    var seconds = Math.max(0, Math.round((ends - Date.now()) / 1000));
    if (seconds === 0) {
      timer.textContent = timer.getAttribute("data-expired-text");
      timer.classList.add("is-expired");
      return;
    }
    timer.textContent = label + ": " + Math.floor(seconds / 60) + ":" + pad(seconds % 60);
    window.setTimeout(tick, 1000);
  }
  tick();
})();
