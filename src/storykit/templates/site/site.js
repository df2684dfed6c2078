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
  window.storykit = { measure: measure, findUrls: findUrls };

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
  function textFor(button) {
    var kind = button.getAttribute("data-copy");
    if (kind === "caption") return button.closest(".caption").querySelector("textarea").value;
    if (kind === "alt") return button.closest(".card").querySelector("[data-copy-source]").textContent;
    if (kind === "blurb") return button.closest(".block").querySelector("textarea.blurb-source").value;
    return "";
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
      copyText(textFor(button)).then(
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
    }
  });

  /* --- Status filter ---------------------------------------------------------------------- */
  var filterButtons = document.querySelectorAll("button[data-filter]");
  function applyFilter(status) {
    filterButtons.forEach(function (b) {
      b.setAttribute("aria-pressed", String(b.getAttribute("data-filter") === status));
    });
    var shown = 0;
    document.querySelectorAll("article.story, .toc li, .tile").forEach(function (el) {
      var visible = status === "all" || el.getAttribute("data-status") === status;
      el.hidden = !visible;
      if (visible && el.tagName === "ARTICLE") shown++;
    });
    var note = document.getElementById("filter-status");
    if (note) {
      note.textContent = status === "all"
        ? "Showing all " + shown + " stories"
        : "Showing " + shown + " " + (shown === 1 ? "story" : "stories") + " with status " + status;
    }
    if (history.replaceState && location.protocol !== "file:") {
      history.replaceState(null, "", status === "all" ? location.pathname : "#" + status);
    }
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
