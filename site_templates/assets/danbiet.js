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

  // -- provinces -------------------------------------------------------------------------------
  // The national file lists the provinces and their files; a province's records are loaded when
  // it is chosen (the whole country is hundreds of megabytes), at once when there is only one
  // (the address then does not name it).
  function provinceSelect(root, provinces, params) {
    var select = root.querySelector("select[name=tinh]");
    provinces.slice().sort(function (a, b) { return a.name.localeCompare(b.name, "vi"); })
      .forEach(function (p) { select.appendChild(el("option", p.name, { value: p.id })); });
    var wanted = params.get("tinh");
    if (provinces.some(function (p) { return p.id === wanted; })) select.value = wanted;
    else if (provinces.length === 1) select.value = provinces[0].id;
    return select;
  }

  // Load the chosen province's file, then call done(data); done(null) when none is chosen.
  // A file that arrives after another province was chosen is dropped.
  function loadProvince(base, provinces, select, done) {
    var chosen = select.value;
    var found = provinces.filter(function (p) { return p.id === chosen; })[0];
    if (!found) { done(null); return; }
    load(base + found.file, function (data) { if (select.value === chosen) done(data); });
  }

  // -- search page -----------------------------------------------------------------------------
  function setupSearch(root) {
    var input = root.querySelector("input[type=search]");
    var list = root.querySelector("[data-db-results]");
    var status = root.querySelector("[data-db-status]");
    var base = siteBase();
    load(base + root.getAttribute("data-db-index"), function (national) {
      var params = new URLSearchParams(location.search);
      var select = provinceSelect(root, national.provinces, params);
      var records = [];
      var loading = false;
      function run() {
        var query = input.value;
        var province = select.value;
        var out = new URLSearchParams();
        if (province && national.provinces.length > 1) out.set("tinh", province);
        if (query) out.set("q", query);
        history.replaceState(null, "", location.pathname + (out.toString() ? "?" + out : ""));
        list.textContent = "";
        if (loading) { status.textContent = "Đang tải dữ liệu của tỉnh, thành phố…"; return; }
        if (!fold(query)) { status.textContent = "Nhập từ cần tìm, có dấu hoặc không dấu."; return; }
        var match = matcher(query);
        var hits = national.units.filter(function (e) {
          return (!province || e.p === province) && match(e.f);
        }).concat(records.filter(function (e) { return match(e.f); }));
        status.textContent = hits.length + " kết quả" +
          (province ? "" : " (tên đơn vị; chọn tỉnh, thành phố để tìm cả hội nghị và kiến nghị)");
        hits.slice(0, 100).forEach(function (e) {
          var item = el("li");
          var link = el("a", e.t, { href: base + e.u });
          item.appendChild(link);
          item.appendChild(el("br"));
          item.appendChild(el("small", e.k + (e.s ? " · " + e.s : "")));
          list.appendChild(item);
        });
      }
      function choose() {
        records = [];
        loading = true;
        run();
        loadProvince(base, national.provinces, select, function (entries) {
          records = entries || [];
          loading = false;
          run();
        });
      }
      input.value = params.get("q") || "";
      input.addEventListener("input", run);
      select.addEventListener("change", choose);
      choose();
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
    load(base + root.getAttribute("data-db-index"), function (national) {
      var params = new URLSearchParams(location.search);
      var province = provinceSelect(root, national.provinces, params);
      var items = [];
      var units = {};
      var loading = false;
      var selects = {};
      FILTERS.forEach(function (name) {
        selects[name] = root.querySelector("select[name=" + name + "]");
      });
      text.value = params.get("q") || "";

      function label(name, value) {
        var names = name === "don-vi" ? units : national.labels[name];
        return names[value] || String(value);
      }

      // The filters' choices are the values the province's items have; WANTED: what to select.
      function fill(wanted) {
        FILTERS.forEach(function (name) {
          var select = selects[name];
          while (select.options.length > 1) select.remove(1);
          var seen = {};
          items.forEach(function (item) {
            var value = item[KEYS[name]];
            if (value !== null && value !== undefined && !seen[value]) seen[value] = label(name, value);
          });
          Object.keys(seen).sort(function (a, b) { return seen[a].localeCompare(seen[b], "vi"); })
            .forEach(function (value) { select.appendChild(el("option", seen[value], { value: value })); });
          select.value = seen[wanted[name]] ? wanted[name] : "";
        });
      }

      function run() {
        var wanted = {};
        var out = new URLSearchParams();
        if (province.value && national.provinces.length > 1) out.set("tinh", province.value);
        FILTERS.forEach(function (name) {
          wanted[name] = selects[name].value;
          if (wanted[name]) out.set(name, wanted[name]);
        });
        if (text.value) out.set("q", text.value);
        history.replaceState(null, "", location.pathname + (out.toString() ? "?" + out : ""));
        list.textContent = "";
        if (loading) { status.textContent = "Đang tải dữ liệu của tỉnh, thành phố…"; return; }
        if (!province.value) { status.textContent = "Chọn tỉnh, thành phố để xem các kiến nghị."; return; }
        var match = matcher(text.value);
        var hits = items.filter(function (item) {
          return FILTERS.every(function (name) {
            return !wanted[name] || String(item[KEYS[name]]) === wanted[name];
          }) && match(item.f);
        });
        status.textContent = hits.length + " kiến nghị";
        hits.slice(0, 200).forEach(function (item) {
          var li = el("li");
          li.appendChild(el("a", item.s, { href: base + item.u }));
          li.appendChild(el("br"));
          var meta = [label("don-vi", item.un), label("linh-vuc", item.fd),
            label("ket-qua", item.oc), label("han", item.lt)].filter(Boolean);
          li.appendChild(el("small", meta.join(" · ")));
          list.appendChild(li);
        });
        if (hits.length > 200) list.appendChild(el("li", "… và " + (hits.length - 200) + " kiến nghị khác"));
      }

      // WANTED: the filters to select once the province is loaded (from the address at first,
      // then what was selected, where the new province has it).
      function choose(wanted) {
        items = [];
        units = {};
        loading = true;
        run();
        loadProvince(base, national.provinces, province, function (data) {
          items = data ? data.items : [];
          units = data ? data["don-vi"] : {};
          loading = false;
          fill(wanted);
          run();
        });
      }
      var initial = {};
      FILTERS.forEach(function (name) { initial[name] = params.get(name) || ""; });
      FILTERS.forEach(function (name) { selects[name].addEventListener("change", run); });
      text.addEventListener("input", run);
      province.addEventListener("change", function () {
        var wanted = {};
        FILTERS.forEach(function (name) { wanted[name] = selects[name].value; });
        choose(wanted);
      });
      choose(initial);
    });
  }

  document.querySelectorAll("[data-db-search]").forEach(setupSearch);
  document.querySelectorAll("[data-db-explorer]").forEach(setupExplorer);
  window.danbietFold = fold;
})();
