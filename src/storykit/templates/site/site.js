/* storykit preview pages: caption counters (each platform's own rule), copy buttons,
   status filters and, when served by `storykit serve`, reloading after a rebuild.
   Ports storykit/counting.py; the URL patterns and platform rules come from the page data. */
(function () {
  "use strict";
  var DATA = JSON.parse(document.getElementById("storykit-data").textContent);
  var RULES = DATA.platforms;
  var PAT = DATA.patterns;
  var URL_RE = new RegExp(PAT.url, "giu");
  var ASCII_DOMAIN_RE = new RegExp(PAT.ascii_domain, "giu");
  var TCO_RE = new RegExp("^(?:" + PAT.tco + ")", "iu");
  var PICTO = /[\p{Extended_Pictographic}\p{Emoji_Modifier}]/u;
  var EMOJI_PRESENTATION = /\p{Emoji_Presentation}/u;
  var MODIFIER = /\p{Emoji_Modifier}/u;
  var REGIONAL = /\p{Regional_Indicator}/u;
  var KEYCAP = /^[#*0-9]\uFE0F?\u20E3/u;
  var MENTION = /(?<![=\/\p{L}\p{M}\p{Nd}\p{Pc}])@(([a-z0-9_]+(?:[.-]+[a-z0-9_]+)*)(?:@[\p{L}\p{M}\p{Nd}\p{Pc}]+(?:[.-]+[\p{L}\p{M}\p{Nd}\p{Pc}]+)*)?)/giu;
  var TWITTER_RANGES = [[0, 4351], [8192, 8205], [8208, 8223], [8242, 8247]];
  var TWITTER_INVALID = /[\uFFFE\uFEFF\uFFFF]/;
  var segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });
  var encoder = new TextEncoder();

  function graphemes(text) {
    var out = [];
    for (var s of segmenter.segment(text)) out.push(s.segment);
    return out;
  }
  function codePoints(text) { return Array.from(text); }
  function utf8Length(text) { return encoder.encode(text).length; }

  /* How many code points at the start of a grapheme cluster form one emoji (0 if none). */
  function emojiLength(cps) {
    var keycap = KEYCAP.exec(cps.join(""));
    if (keycap) return codePoints(keycap[0]).length;
    var first = cps[0];
    if (REGIONAL.test(first)) return cps.length > 1 && REGIONAL.test(cps[1]) ? 2 : 1;
    if (!PICTO.test(first)) return 0;
    var rest = cps.length > 1 ? cps[1] : "";
    if (rest === "\uFE0E") return 0;
    if (!(EMOJI_PRESENTATION.test(first) || rest === "\uFE0F" || (rest && MODIFIER.test(rest)))) return 0;
    var i = 1;
    while (i < cps.length) {
      var c = cps[i];
      var cp = c.codePointAt(0);
      if (c === "\uFE0F" || c === "\u20E3" || MODIFIER.test(c) || (cp >= 0xE0020 && cp <= 0xE007F)) {
        i += 1;
      } else if (c === "\u200D" && i + 1 < cps.length && PICTO.test(cps[i + 1])) {
        i += 2;
      } else {
        break;
      }
    }
    return i;
  }

  /* Punycode (RFC 3492) of one label, for twitter-text's label-length check. */
  function punycode(input) {
    var cps = codePoints(input).map(function (c) { return c.codePointAt(0); });
    var base = 36, tmin = 1, tmax = 26, skew = 38, damp = 700;
    var n = 128, delta = 0, bias = 72, out = "";
    function digit(d) { return String.fromCharCode(d + 22 + 75 * (d < 26)); }
    function adapt(d, num, first) {
      d = first ? Math.floor(d / damp) : d >> 1;
      d += Math.floor(d / num);
      var k = 0;
      while (d > ((base - tmin) * tmax) >> 1) { d = Math.floor(d / (base - tmin)); k += base; }
      return k + Math.floor(((base - tmin + 1) * d) / (d + skew));
    }
    cps.forEach(function (c) { if (c < 128) out += String.fromCharCode(c); });
    var b = out.length, h = b;
    if (b > 0) out += "-";
    while (h < cps.length) {
      var m = Infinity;
      cps.forEach(function (c) { if (c >= n && c < m) m = c; });
      delta += (m - n) * (h + 1);
      n = m;
      for (var j = 0; j < cps.length; j++) {
        var c = cps[j];
        if (c < n) delta++;
        if (c === n) {
          var q = delta;
          for (var k = base; ; k += base) {
            var t = k <= bias ? tmin : k >= bias + tmax ? tmax : k - bias;
            if (q < t) break;
            out += digit(t + ((q - t) % (base - t)));
            q = Math.floor((q - t) / (base - t));
          }
          out += digit(q);
          bias = adapt(delta, h + 1, h === b);
          delta = 0;
          h++;
        }
      }
      delta++;
      n++;
    }
    return out;
  }

  function labelsOk(domain) {
    if (domain.slice(0, 4).toLowerCase() === "xn--") {
      ASCII_DOMAIN_RE.lastIndex = 0;
      if (!ASCII_DOMAIN_RE.test(domain)) return false;
    }
    var labels = domain.split(".");
    for (var i = 0; i < labels.length; i++) {
      var label = labels[i];
      var ascii = /^[\x00-\x7F]*$/.test(label);
      var encoded = ascii ? label : "xn--" + punycode(label);
      if (encoded.length < 1 || encoded.length > 63) return false;
    }
    return true;
  }

  /* Spans [start, end) (UTF-16 indexes) of the URLs twitter-text v3 finds in text. */
  function findUrls(text, requireProtocol) {
    if (text.indexOf(".") < 0) return [];
    var spans = [];
    URL_RE.lastIndex = 0;
    var m;
    while ((m = URL_RE.exec(text)) !== null) {
      if (m[0].length === 0) { URL_RE.lastIndex++; continue; }
      var before = m[1] || "", url = m[2], protocol = m[3], domain = m[4], path = m[6];
      var start = m.index + before.length, end = start + url.length;
      if (!labelsOk(domain) || codePoints(protocol || "https://").length + codePoints(url).length > 4096) continue;
      if (protocol) {
        var tco = TCO_RE.exec(url);
        if (tco) {
          if (codePoints(tco[1]).length > 40) continue;
          end = start + tco[0].length;
        }
        spans.push([start, end]);
        continue;
      }
      if (requireProtocol || (before && "-_./".indexOf(before.slice(-1)) >= 0)) continue;
      var found = [];
      var domainStart = start;
      ASCII_DOMAIN_RE.lastIndex = 0;
      var a;
      while ((a = ASCII_DOMAIN_RE.exec(domain)) !== null) {
        if (a[0].length === 0) { ASCII_DOMAIN_RE.lastIndex++; continue; }
        found.push([domainStart + a.index, domainStart + a.index + a[0].length]);
      }
      if (found.length && path) found[found.length - 1][1] = end;
      spans.push.apply(spans, found);
    }
    return spans;
  }

  function twitterWeight(cp) {
    for (var i = 0; i < TWITTER_RANGES.length; i++) {
      if (cp >= TWITTER_RANGES[i][0] && cp <= TWITTER_RANGES[i][1]) return 100;
    }
    return 200;
  }

  function twitterLength(text, urlLength) {
    text = text.normalize("NFC");
    var weight = 0, last = 0;
    var pieces = [];
    findUrls(text, false).forEach(function (span) {
      if (span[0] > last) pieces.push([false, text.slice(last, span[0])]);
      pieces.push([true, text.slice(span[0], span[1])]);
      last = span[1];
    });
    if (last < text.length) pieces.push([false, text.slice(last)]);
    pieces.forEach(function (piece) {
      if (piece[0]) { weight += urlLength * 100; return; }
      graphemes(piece[1]).forEach(function (cluster) {
        var cps = codePoints(cluster);
        var e = emojiLength(cps);
        if (e) weight += 200;
        for (var i = e; i < cps.length; i++) weight += twitterWeight(cps[i].codePointAt(0));
      });
    });
    return Math.floor(weight / 100);
  }

  function threadsLength(text) {
    var total = 0;
    graphemes(text).forEach(function (cluster) {
      var cps = codePoints(cluster);
      var e = emojiLength(cps);
      total += utf8Length(cps.slice(0, e).join("")) + cps.length - e;
    });
    return total;
  }

  function mastodonLength(text, urlLength) {
    var entities = findUrls(text, true).map(function (s) { return [s[0], s[1], "x".repeat(urlLength)]; });
    MENTION.lastIndex = 0;
    var m;
    while ((m = MENTION.exec(text)) !== null) entities.push([m.index, m.index + m[0].length, "@" + m[2]]);
    entities.sort(function (a, b) { return a[0] - b[0]; });
    var out = "", last = 0;
    entities.forEach(function (e) {
      if (e[0] < last) return;
      out += text.slice(last, e[0]) + e[2];
      last = e[1];
    });
    out += text.slice(last);
    return graphemes(out).length;
  }

  function count(text, rule) {
    switch (rule.counting) {
      case "twitter": return twitterLength(text, rule.url_length || 23);
      case "graphemes": return graphemes(text).length;
      case "threads": return threadsLength(text);
      case "mastodon": return mastodonLength(text, rule.url_length || 23);
      case "utf16": return text.length;
    }
    throw new Error("unknown counting rule " + rule.counting);
  }

  /* Like storykit.counting.measure: length, limit, bytes and whether the text fits. */
  function measure(text, platform) {
    var rule = RULES[platform];
    var length = count(text, rule);
    var bytes = rule.max_bytes != null ? utf8Length(text) : null;
    var ok = length <= rule.limit;
    if (bytes !== null) ok = ok && bytes <= rule.max_bytes;
    if (rule.counting === "twitter") ok = ok && !TWITTER_INVALID.test(text);
    return { platform: platform, length: length, limit: rule.limit, bytes: bytes, max_bytes: rule.max_bytes, ok: ok };
  }

  /* Like storykit.outputs.site.fold_split: text cut where the feed folds it, [above, below]. */
  function foldSplit(text, at, platform) {
    var rule = RULES[platform];
    if (count(text, rule) <= at) return [text, ""];
    var clusters = graphemes(text);
    var low = 0, high = clusters.length;
    while (high - low > 1) {
      var mid = (low + high) >> 1;
      if (count(clusters.slice(0, mid).join(""), rule) <= at) low = mid; else high = mid;
    }
    var cut = low;
    var space = /^\s+$/u;
    if (cut < clusters.length && !space.test(clusters[cut])) {
      var word = cut;
      while (word > 0 && !space.test(clusters[word - 1])) word--;
      cut = word || cut;
    }
    return [clusters.slice(0, cut).join(""), clusters.slice(cut).join("")];
  }
  window.storykit = { measure: measure, findUrls: findUrls, foldSplit: foldSplit };

  /* --- Counters --------------------------------------------------------------------------- */
  function updateCounter(area) {
    var platform = area.getAttribute("data-platform");
    if (!RULES[platform]) return;
    var out = document.getElementById(area.getAttribute("aria-describedby"));
    var m = measure(area.value, platform);
    out.classList.toggle("over", !m.ok);
    out.querySelector(".n").textContent = String(m.length);
    var bytes = out.querySelector(".bytes");
    if (bytes && m.bytes !== null) bytes.textContent = ", " + m.bytes + " / " + m.max_bytes + " bytes";
    var post = area.closest(".post");
    var feed = post && post.querySelector(".feed");
    if (feed) updateFeed(feed, area.value);
  }

  /* The feed preview of an edited caption: the part after the fold marked. */
  function updateFeed(feed, text) {
    var parts = foldSplit(text, Number(feed.getAttribute("data-fold-at")), feed.getAttribute("data-platform"));
    var above = document.createElement("span");
    above.className = "above";
    above.textContent = parts[0];
    var nodes = [above];
    if (parts[1]) {
      var mark = document.createElement("span");
      mark.className = "fold-mark";
      mark.textContent = "\u2026more";
      var why = document.createElement("span");
      why.className = "vh";
      why.textContent = " (the feed cuts the caption here)";
      mark.appendChild(why);
      var below = document.createElement("span");
      below.className = "below";
      below.textContent = parts[1];
      nodes.push(mark, below);
    }
    feed.replaceChildren.apply(feed, nodes);
    var note = document.getElementById(feed.getAttribute("aria-describedby"));
    if (note) {
      note.querySelector("[data-when='folds']").hidden = !parts[1];
      note.querySelector("[data-when='whole']").hidden = !!parts[1];
    }
  }
  var areas = document.querySelectorAll("textarea.caption-text");
  areas.forEach(function (area) {
    area.defaultValue = area.value;
    area.addEventListener("input", function () { updateCounter(area); });
    updateCounter(area);
  });

  /* --- Copy buttons ----------------------------------------------------------------------- */
  function fallbackCopy(text) {
    var box = document.createElement("textarea");
    box.value = text;
    box.setAttribute("readonly", "");
    box.style.position = "fixed";
    box.style.opacity = "0";
    document.body.appendChild(box);
    box.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    document.body.removeChild(box);
    return ok ? Promise.resolve() : Promise.reject(new Error("copy failed"));
  }
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () { return fallbackCopy(text); });
    }
    return fallbackCopy(text);
  }
  /* Formatted text (HTML with a plain-text version), as a paste into an editor wants it. */
  function copyRich(element) {
    var html = element.innerHTML, text = element.innerText;
    if (navigator.clipboard && navigator.clipboard.write && window.ClipboardItem && window.isSecureContext) {
      var item = new ClipboardItem({
        "text/html": new Blob([html], { type: "text/html" }),
        "text/plain": new Blob([text], { type: "text/plain" })
      });
      return navigator.clipboard.write([item]).catch(function () { return fallbackRich(element); });
    }
    return fallbackRich(element);
  }
  function fallbackRich(element) {
    var selection = window.getSelection();
    var range = document.createRange();
    range.selectNodeContents(element);
    selection.removeAllRanges();
    selection.addRange(range);
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    selection.removeAllRanges();
    return ok ? Promise.resolve() : Promise.reject(new Error("copy failed"));
  }
  function textFor(button) {
    var kind = button.getAttribute("data-copy");
    if (kind === "caption") return button.closest(".caption").querySelector("textarea").value;
    if (kind === "alt") return button.closest(".card, .slide").querySelector("[data-copy-source]").textContent;
    if (kind === "post") return button.closest(".thread-post").querySelector("[data-copy-source]").textContent;
    if (kind === "blurb") return button.closest(".block").querySelector("textarea.blurb-source").value;
    return "";
  }
  function copyFor(button) {
    if (button.getAttribute("data-copy") === "blurb-rich") {
      return copyRich(button.closest(".block").querySelector(".blurb"));
    }
    return copyText(textFor(button));
  }
  var timers = new WeakMap();
  function say(status, message, error) {
    if (!status) return;
    status.textContent = message;
    status.classList.toggle("error", !!error);
    clearTimeout(timers.get(status));
    timers.set(status, setTimeout(function () { status.textContent = ""; }, 4000));
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest("button");
    if (!button) return;
    var status = button.parentElement.querySelector(".copied");
    if (button.hasAttribute("data-copy")) {
      copyFor(button).then(
        function () { say(status, "Copied"); },
        function () { say(status, "Could not copy: select the text and copy it by hand", true); }
      );
    } else if (button.hasAttribute("data-reset")) {
      var area = button.closest(".caption").querySelector("textarea");
      area.value = area.defaultValue;
      updateCounter(area);
      say(status, "Back to the built caption");
    } else if (button.hasAttribute("data-filter")) {
      applyFilter(button.getAttribute("data-filter"));
    } else if (button.hasAttribute("data-slide")) {
      var carousel = button.closest(".carousel");
      var step = button.getAttribute("data-slide") === "next" ? 1 : -1;
      showSlide(carousel, slideIndex(carousel) + step);
    }
  });

  /* --- Status filter ---------------------------------------------------------------------- */
  var filterButtons = document.querySelectorAll("button[data-filter]");
  function applyFilter(status) {
    filterButtons.forEach(function (b) {
      b.setAttribute("aria-pressed", String(b.getAttribute("data-filter") === status));
    });
    var shown = 0, total = 0;
    document.querySelectorAll("article.story[data-status], .tile[data-status]").forEach(function (el) {
      var visible = status === "all" || el.getAttribute("data-status") === status;
      el.hidden = !visible;
      total++;
      if (visible) shown++;
    });
    var note = document.getElementById("filter-status");
    if (note) note.textContent = filterMessage(status, shown, total);
    if (history.replaceState && location.protocol !== "file:") {
      history.replaceState(null, "", status === "all" ? location.pathname : "#" + status);
    }
  }
  /* What the filter shows, in words: "Showing 3 of 12 stories: available for adoption". */
  function filterMessage(status, shown, total) {
    var noun = function (n) { return n === 1 ? "story" : "stories"; };
    if (status === "all") return "Showing all " + total + " " + noun(total);
    return "Showing " + shown + " of " + total + " " + noun(total) + ": " + status;
  }

  /* --- Carousels: scroll-snap, with Previous and Next and "2 of 7" ---------------------- */
  function slideIndex(carousel) {
    var slides = carousel.querySelector(".slides");
    var origin = slides.firstElementChild.offsetLeft, best = 0, distance = Infinity;
    Array.prototype.forEach.call(slides.children, function (slide, i) {  // the nearest one
      var d = Math.abs(slide.offsetLeft - origin - slides.scrollLeft);
      if (d < distance) { distance = d; best = i; }
    });
    return best;
  }
  function showSlide(carousel, index) {
    var slides = carousel.querySelector(".slides");
    var count = slides.children.length;
    index = Math.max(0, Math.min(count - 1, index));
    var target = slides.children[index];
    var smooth = !window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    slides.scrollTo({ left: target.offsetLeft - slides.firstElementChild.offsetLeft, behavior: smooth ? "smooth" : "auto" });
    updateSlides(carousel, index);
  }
  function updateSlides(carousel, index) {
    var slides = carousel.querySelector(".slides");
    var count = slides.children.length;
    if (index === undefined) index = slideIndex(carousel);
    var status = carousel.querySelector(".slide-status");
    var text = (index + 1) + " of " + count;
    if (status.textContent !== text) status.textContent = text;
    carousel.querySelector("[data-slide='prev']").setAttribute("aria-disabled", String(index === 0));
    carousel.querySelector("[data-slide='next']").setAttribute("aria-disabled", String(index === count - 1));
  }
  document.querySelectorAll(".carousel").forEach(function (carousel) {
    var slides = carousel.querySelector(".slides");
    if ("onscrollend" in window) {  // once a swipe or a smooth scroll has come to rest
      slides.addEventListener("scrollend", function () { updateSlides(carousel); });
    } else {
      var timer = null;
      slides.addEventListener("scroll", function () {
        clearTimeout(timer);
        timer = setTimeout(function () { updateSlides(carousel); }, 150);
      });
    }
    updateSlides(carousel, 0);
  });

  /* --- Saving images: from file:// the browser opens an image instead of saving it ------ */
  if (location.protocol === "file:") {
    document.querySelectorAll("[data-file-note]").forEach(function (note, i) {
      note.hidden = false;
      if (!note.id) note.id = "file-note-" + i;
      var block = note.closest(".block");
      if (!block) return;
      block.querySelectorAll("a[data-save='image']").forEach(function (link) {
        link.removeAttribute("download");
        link.firstChild.textContent = "Open";
        link.target = "_blank";  // a new tab: the edits on this page stay
        link.rel = "noopener";
        link.setAttribute("aria-describedby", note.id);
      });
    });
  }

  if (filterButtons.length && /^#(available|pending|adopted|reunited|hold)$/.test(location.hash)) {
    applyFilter(location.hash.slice(1));
  }

  /* --- Live reload (only under `storykit serve`, never from file://) ----------------------- */
  if (location.protocol === "http:" || location.protocol === "https:") {
    var known = null;
    var edited = function () {
      return Array.prototype.some.call(areas, function (a) { return a.value !== a.defaultValue; });
    };
    var poll = function () {
      fetch("/__storykit/version", { cache: "no-store" }).then(function (r) {
        return r.ok ? r.text() : null;
      }).then(function (version) {
        if (version === null) return;
        if (known === null) { known = version; return; }
        if (version !== known) {
          known = version;
          if (!edited()) { location.reload(); return; }
          var note = document.getElementById("reload-note");
          note.textContent = "The stories were rebuilt. Copy your edited caption first, then ";
          var b = document.createElement("button");
          b.type = "button";
          b.className = "button secondary";
          b.textContent = "Reload";
          b.addEventListener("click", function () { location.reload(); });
          note.appendChild(b);
          note.hidden = false;
        }
      }).catch(function () { /* the server stopped: keep the page as it is */ });
    };
    poll();
    setInterval(poll, 1000);
  }
})();
