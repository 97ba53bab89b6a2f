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

// Names the unanswered questions before sending; "submit anyway" sends as it is.
// The server does the same for browsers without JavaScript.
(function () {
  "use strict";
  var form = document.querySelector("form.quiz-form");
  if (!form) return;
  var notice = form.querySelector(".unanswered-notice");
  form.addEventListener("submit", function (event) {
    var submitter = event.submitter;
    if (submitter && submitter.name === "confirm_unanswered") return;
    var missing = [];
    var questions = form.querySelectorAll("fieldset.question");
    for (var i = 0; i < questions.length; i++) {
      var answered = questions[i].querySelector("input:checked") !== null;
      questions[i].classList.toggle("is-unanswered", !answered);
      if (!answered) missing.push(questions[i].getAttribute("data-number"));
    }
    if (!missing.length) return;
    event.preventDefault();
    notice.textContent = "";
    var text = document.createElement("p");
    text.className = "notice notice-error";
    text.textContent = form.getAttribute("data-unanswered-text").replace("%(numbers)s", missing.join(", "));
    var confirm = document.createElement("button");
    confirm.type = "submit";
    confirm.name = "confirm_unanswered";
    confirm.value = "1";
    confirm.className = "button button-secondary";
    confirm.textContent = form.getAttribute("data-confirm-text");
    var line = document.createElement("p");
    line.appendChild(confirm);
    notice.appendChild(text);
    notice.appendChild(line);
    notice.hidden = false;
    notice.focus();
  });
})();
