/// The site's style sheet and script: plain CSS and a little JavaScript, nothing to download.
enum SiteAssets {
    static let css = """
        :root { --ink: #1f2937; --muted: #6b7280; --line: #e5e7eb; --accent: #2563eb; --bg: #ffffff; --soft: #f9fafb; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: var(--bg); }
        header.top { display: flex; gap: 2rem; align-items: baseline; padding: .8rem 1.5rem; border-bottom: 1px solid var(--line); background: var(--soft); }
        header.top .brand { font-weight: 700; color: var(--ink); text-decoration: none; }
        header.top nav a { margin-right: 1rem; }
        main { padding: 1rem 1.5rem 3rem; max-width: 1200px; }
        footer { padding: 1rem 1.5rem; color: var(--muted); border-top: 1px solid var(--line); font-size: 13px; }
        a { color: var(--accent); }
        h1 { font-size: 1.6rem; margin: .6rem 0; }
        h2 { font-size: 1.2rem; margin-top: 2rem; }
        code { font: 13px ui-monospace, SFMono-Regular, Menlo, monospace; }
        .lead { color: var(--muted); }
        .crumbs { color: var(--muted); margin: 0; }
        table { border-collapse: collapse; width: 100%; margin: .5rem 0; }
        th, td { text-align: left; padding: .35rem .6rem; border-bottom: 1px solid var(--line); vertical-align: top; }
        th { background: var(--soft); font-weight: 600; white-space: nowrap; }
        .number { text-align: right; font-variant-numeric: tabular-nums; }
        table.models th[data-key] { cursor: pointer; user-select: none; }
        table.models th[aria-sort="ascending"]::after { content: " ▲"; }
        table.models th[aria-sort="descending"]::after { content: " ▼"; }
        table.models td code { color: var(--muted); font-size: 12px; }
        .controls { display: flex; gap: 1.5rem; align-items: center; margin: 1rem 0; flex-wrap: wrap; }
        .controls input { font: inherit; padding: .3rem .5rem; width: 20rem; }
        .controls select { font: inherit; padding: .25rem; }
        #count { color: var(--muted); }
        .status, .severity { display: inline-block; padding: 0 .45rem; border-radius: 999px; font-size: 12px; font-weight: 600; vertical-align: middle; }
        .status-active { background: #dcfce7; color: #166534; }
        .status-preview { background: #e0f2fe; color: #075985; }
        .status-deprecated, .status-legacy { background: #fef3c7; color: #92400e; }
        .status-retired { background: #f3f4f6; color: #4b5563; }
        .severity-breaking { background: #fee2e2; color: #991b1b; }
        .severity-notable { background: #fef3c7; color: #92400e; }
        .severity-info { background: #f3f4f6; color: #4b5563; }
        figure.history { margin: 0; }
        svg.chart { width: 100%; max-width: 760px; height: auto; background: var(--soft); border: 1px solid var(--line); }
        svg.chart .grid { stroke: var(--line); }
        svg.chart .axis { font-size: 11px; fill: var(--muted); }
        svg.chart .line { fill: none; stroke-width: 2; }
        svg.chart .point { stroke: #fff; stroke-width: 1.5; }
        ul.legend { list-style: none; padding: 0; display: flex; gap: 1rem; flex-wrap: wrap; font-size: 13px; }
        .swatch { display: inline-block; width: .8rem; height: .8rem; border-radius: 2px; margin-right: .3rem; vertical-align: -1px; }
        dl { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
        dt { color: var(--muted); }
        dd { margin: 0; }
        .note { color: var(--muted); font-size: 13px; }

        """

    /// Filtering (by words and status) and sorting of the index table. Both can be given in
    /// the address (`index.html?q=claude&status=active&sort=-input`: a leading `-` sorts
    /// descending), so that a view can be linked.
    static let javascript = """
        "use strict";
        (function () {
          var table = document.getElementById("models");
          if (!table) return;
          var body = table.tBodies[0];
          var rows = Array.prototype.slice.call(body.rows);
          var filter = document.getElementById("filter");
          var status = document.getElementById("status");
          var count = document.getElementById("count");
          var params = new URLSearchParams(window.location.search);
          if (params.has("q")) filter.value = params.get("q");
          if (params.has("status")) status.value = params.get("status");

          function apply() {
            var words = filter.value.trim().toLowerCase().split(/\\s+/).filter(function (word) { return word.length > 0; });
            var wanted = status.value;
            var shown = 0;
            rows.forEach(function (row) {
              var text = row.dataset.search;
              var visible = (!wanted || row.dataset.status === wanted) &&
                words.every(function (word) { return text.indexOf(word) !== -1; });
              row.hidden = !visible;
              if (visible) shown += 1;
            });
            count.textContent = shown === rows.length ? rows.length + " models" : shown + " of " + rows.length + " models";
          }

          function sortBy(header, ascending) {
            var key = header.dataset.key;
            var numeric = header.dataset.type === "number";
            if (ascending === undefined) ascending = header.getAttribute("aria-sort") !== "ascending";
            table.tHead.querySelectorAll("th").forEach(function (other) { other.removeAttribute("aria-sort"); });
            header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
            rows.sort(function (a, b) {
              var left = a.dataset[key], right = b.dataset[key];
              // Unknown values go last whichever the direction.
              if (left === "" || right === "") return left === right ? 0 : (left === "" ? 1 : -1);
              var order = numeric ? parseFloat(left) - parseFloat(right) : left.localeCompare(right);
              return ascending ? order : -order;
            });
            rows.forEach(function (row) { body.appendChild(row); });
          }

          table.tHead.querySelectorAll("th[data-key]").forEach(function (header) {
            header.addEventListener("click", function () { sortBy(header); });
          });
          filter.addEventListener("input", apply);
          status.addEventListener("change", apply);
          if (params.has("sort")) {
            var spec = params.get("sort");
            var header = table.tHead.querySelector('th[data-key="' + spec.replace(/^-/, "").replace(/[^a-z]/g, "") + '"]');
            if (header) sortBy(header, spec.charAt(0) !== "-");
          }
          apply();
        })();

        """
}
