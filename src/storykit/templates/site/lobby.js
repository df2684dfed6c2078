/* storykit lobby slideshow: one slide after another every data-seconds; space pauses and
   plays, the arrow keys (and the buttons) step, saying where they are to a screen reader. */
(function () {
  "use strict";
  var root = document.getElementById("lobby");
  var slides = Array.prototype.slice.call(document.querySelectorAll("#lobby-slides > .slide"));
  if (!root || slides.length === 0) { return; }
  var box = document.getElementById("lobby-slides");
  var where = document.getElementById("lobby-where");
  var pause = document.getElementById("lobby-pause");
  var seconds = parseFloat(root.getAttribute("data-seconds")) || 8;
  var current = 0;
  var paused = false;
  var timer = null;

  function show(index, byHand) {
    slides[current].hidden = true;
    current = (index + slides.length) % slides.length;
    slides[current].hidden = false;
    // a slide changed by hand is announced; one that turns by itself is not
    box.setAttribute("aria-live", byHand ? "polite" : "off");
    where.textContent = (current + 1) + " of " + slides.length;
  }

  function schedule() {
    if (timer !== null) { clearTimeout(timer); timer = null; }
    if (paused || slides.length < 2) { return; }
    timer = setTimeout(function () { show(current + 1, false); schedule(); }, seconds * 1000);
  }

  function setPaused(value) {
    paused = value;
    pause.textContent = paused ? "Play" : "Pause";
    root.setAttribute("data-state", paused ? "paused" : "playing");
    schedule();
  }

  function step(by) { show(current + by, true); schedule(); }

  document.getElementById("lobby-prev").addEventListener("click", function () { step(-1); });
  document.getElementById("lobby-next").addEventListener("click", function () { step(1); });
  pause.addEventListener("click", function () { setPaused(!paused); });
  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) { return; }
    var onButton = event.target && event.target.tagName === "BUTTON";
    if ((event.key === " " || event.key === "Spacebar") && !onButton) {
      event.preventDefault();
      setPaused(!paused);
    } else if (event.key === "ArrowRight" || event.key === "ArrowDown") {
      event.preventDefault();
      step(1);
    } else if (event.key === "ArrowLeft" || event.key === "ArrowUp") {
      event.preventDefault();
      step(-1);
    }
  });
  setPaused(false);
}());
