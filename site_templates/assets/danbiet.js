/* danbiet: Vietnamese search that ignores diacritics, and the commitments explorer.
 * Record text is only ever inserted with textContent, never as HTML. No external requests. */
(function () {
  "use strict";

  // Same folding as danbiet.site.text.fold: no tones or marks, đ -> d, lower case.
  function fold(text) {
    return String(text || "")
      .replace(/đ/g, "d").replace(/Đ/g, "D")
      .normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .toLowerCase().replace(/\s+/g, " ").trim();
  }

  // Every query word must start a word of the text: "dan" finds "dân", "dat dai" finds "đất đai".
  function matcher(query) {
    var words = fold(query).split(" ").filter(Boolean);
    return function (folded) {
      var padded = " " + folded;
      return words.every(function (w) { return padded.indexOf(" " + w) !== -1; });
    };
  }

  function el(tag, text, attrs) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }

  function load(url, done) {
    fetch(url).then(function (r) { return r.json(); }).then(done).catch(function () {
      var status = document.querySelector("[data-db-status]");
      if (status) status.textContent = "Không tải được dữ liệu.";
    });
  }

  function siteBase() {
    var config = document.getElementById("__config");
    var base = config ? JSON.parse(config.textContent).base : ".";
    return base.replace(/\/$/, "") + "/";
  }

  // -- search page -----------------------------------------------------------------------------
  function setupSearch(root) {
    var input = root.querySelector("input[type=search]");
    var list = root.querySelector("[data-db-results]");
    var status = root.querySelector("[data-db-status]");
    var base = siteBase();
    load(base + root.getAttribute("data-db-index"), function (index) {
      function run() {
        var query = input.value;
        var params = new URLSearchParams(location.search);
        if (query) params.set("q", query); else params.delete("q");
        history.replaceState(null, "", location.pathname + (params.toString() ? "?" + params : ""));
        list.textContent = "";
        if (!fold(query)) { status.textContent = "Nhập từ cần tìm, có dấu hoặc không dấu."; return; }
        var match = matcher(query);
        var hits = index.filter(function (e) { return match(e.f); });
        status.textContent = hits.length + " kết quả";
        hits.slice(0, 100).forEach(function (e) {
          var item = el("li");
          var link = el("a", e.t, { href: base + e.u });
          item.appendChild(link);
          item.appendChild(el("br"));
          item.appendChild(el("small", e.k + (e.s ? " · " + e.s : "")));
          list.appendChild(item);
        });
      }
      input.value = new URLSearchParams(location.search).get("q") || "";
      input.addEventListener("input", run);
      run();
    });
  }

  // -- commitments explorer --------------------------------------------------------------------
  var FILTERS = ["don-vi", "linh-vuc", "ket-qua", "han", "nam"];
  var KEYS = { "don-vi": "un", "linh-vuc": "fd", "ket-qua": "oc", "han": "lt", "nam": "yr" };

  function setupExplorer(root) {
    var base = siteBase();
    var list = root.querySelector("[data-db-results]");
    var status = root.querySelector("[data-db-status]");
    var text = root.querySelector("input[type=search]");
    load(base + root.getAttribute("data-db-index"), function (data) {
      var selects = {};
      FILTERS.forEach(function (name) {
        var select = root.querySelector("select[name=" + name + "]");
        selects[name] = select;
        var seen = {};
        data.items.forEach(function (item) {
          var value = item[KEYS[name]];
          if (value !== null && value !== undefined && !seen[value]) {
            seen[value] = data.labels[name][value] || String(value);
          }
        });
        Object.keys(seen).sort(function (a, b) { return seen[a].localeCompare(seen[b], "vi"); })
          .forEach(function (value) { select.appendChild(el("option", seen[value], { value: value })); });
      });
      var params = new URLSearchParams(location.search);
      FILTERS.forEach(function (name) { selects[name].value = params.get(name) || ""; });
      text.value = params.get("q") || "";

      function run() {
        var wanted = {};
        var out = new URLSearchParams();
        FILTERS.forEach(function (name) {
          wanted[name] = selects[name].value;
          if (wanted[name]) out.set(name, wanted[name]);
        });
        if (text.value) out.set("q", text.value);
        history.replaceState(null, "", location.pathname + (out.toString() ? "?" + out : ""));
        var match = matcher(text.value);
        var hits = data.items.filter(function (item) {
          return FILTERS.every(function (name) {
            return !wanted[name] || String(item[KEYS[name]]) === wanted[name];
          }) && match(item.f);
        });
        status.textContent = hits.length + " kiến nghị";
        list.textContent = "";
        hits.slice(0, 200).forEach(function (item) {
          var li = el("li");
          li.appendChild(el("a", item.s, { href: base + item.u }));
          li.appendChild(el("br"));
          var meta = [data.labels["don-vi"][item.un], data.labels["linh-vuc"][item.fd],
            data.labels["ket-qua"][item.oc], data.labels["han"][item.lt]].filter(Boolean);
          li.appendChild(el("small", meta.join(" · ")));
          list.appendChild(li);
        });
        if (hits.length > 200) list.appendChild(el("li", "… và " + (hits.length - 200) + " kiến nghị khác"));
      }
      FILTERS.forEach(function (name) { selects[name].addEventListener("change", run); });
      text.addEventListener("input", run);
      run();
    });
  }

  document.querySelectorAll("[data-db-search]").forEach(setupSearch);
  document.querySelectorAll("[data-db-explorer]").forEach(setupExplorer);
  window.danbietFold = fold;
})();
