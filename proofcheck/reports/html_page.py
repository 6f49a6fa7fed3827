"""The status site's pages: skeleton, style, script, and the pieces every page shares.

Pages work from disk (file://) with nothing fetched: the style and the script
are inline and are the only ones allowed, by a Content-Security-Policy that
names their hashes, so even an escaping mistake could not run a script. Every
text from a claim file or a file name goes through `esc` (safetext, then HTML
escaping); no HTML from a claim is ever emitted.
"""

from __future__ import annotations

import base64
import hashlib
import html

from ..language.safetext import clean, lines as safe_lines
from .outcome import label

STYLE = """
:root { --ok: #2e7d32; --xfail: #3558a5; --bad: #c62828; --warn: #a86b00; --err: #5f5f5f; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0 auto; max-width: 1200px;
       padding: 1.2em 1.5em 3em; color: #1d1d1d; }
h1 { font-size: 1.6em; margin: 0.2em 0; } h2 { font-size: 1.2em; margin-top: 1.8em; border-bottom: 1px solid #ddd; }
a { color: #1f5fa8; } code, pre { font: 13px/1.4 ui-monospace, Menlo, Consolas, monospace; }
pre { white-space: pre-wrap; background: #f6f7f9; padding: 0.6em 0.8em; border-radius: 6px; }
table { border-collapse: collapse; margin: 0.4em 0; } th, td { padding: 0.35em 0.6em; text-align: left;
       vertical-align: top; border-bottom: 1px solid #e4e4e4; }
thead th { background: #f3f4f6; position: sticky; top: 0; }
th button { all: unset; cursor: pointer; font-weight: 600; }
th[aria-sort="ascending"] button::after { content: " \\25B2"; }
th[aria-sort="descending"] button::after { content: " \\25BC"; }
tbody tr:hover { background: #fafbfc; } tr[hidden] { display: none; }
#claims td:nth-child(2), #claims td:nth-child(7) { white-space: nowrap; }
.badge { display: inline-block; white-space: nowrap; min-width: 5.5em; text-align: center; padding: 0.05em 0.5em;
         border-radius: 1em; font-size: 0.85em; font-weight: 600; color: #fff; }
.badge.proved { background: var(--ok); } .badge.xfail { background: var(--xfail); }
.badge.falsified { background: var(--bad); } .badge.unproven { background: var(--warn); }
.badge.error { background: var(--err); } .badge.start { background: #8a8a8a; }
.fully { color: var(--ok); font-weight: 600; } .not-fully { color: #888; }
.summary { font-size: 1.05em; } .muted { color: #666; } .failed { color: var(--bad); font-weight: 600; }
.filters { display: flex; flex-wrap: wrap; gap: 0.8em 1.4em; align-items: center; margin: 1em 0 0.6em; }
.filters input[type=search] { width: 16em; } .tag { background: #eef1f5; border-radius: 4px; padding: 0 0.35em;
       margin-right: 0.25em; font-size: 0.85em; white-space: nowrap; }
.graph { overflow-x: auto; border: 1px solid #e4e4e4; border-radius: 6px; padding: 0.4em; }
.statement { font-size: 1.3em; margin: 0.5em 0; } math[display=block] { margin: 0.3em 0; } math { font-size: 1.1em; }
.graph svg { max-width: 100%; height: auto; }
.certificate { list-style: none; padding-left: 0; } .certificate li { font-family: ui-monospace, monospace;
       font-size: 13px; } .certificate .l1 { padding-left: 1.5em; } .certificate .l2 { padding-left: 3em; }
.certificate .l3 { padding-left: 4.5em; } .certificate .l4 { padding-left: 6em; }
.matrix td { border: none; padding: 0 0.4em; text-align: right; } .matrix { border-left: 2px solid #555;
       border-right: 2px solid #555; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.2em 1em; } dl.facts dt { color: #666; }
dl.facts dd { margin: 0; } .description { white-space: pre-wrap; }
"""

SCRIPT = """
(function () {
  var table = document.getElementById("claims");
  if (!table) { return; }
  var body = table.tBodies[0], rows = Array.prototype.slice.call(body.rows);
  var query = document.getElementById("q"), status = document.getElementById("status");
  var verified = document.getElementById("verified"), failed = document.getElementById("failed");
  var shown = document.getElementById("shown");
  function apply() {
    var text = query.value.trim().toLowerCase(), count = 0;
    rows.forEach(function (row) {
      var show = (!text || row.dataset.search.indexOf(text) >= 0) &&
        (!status.value || row.dataset.status === status.value) &&
        (!verified.value || row.dataset.verified === verified.value) &&
        (!failed.checked || row.dataset.passed === "no");
      row.hidden = !show;
      if (show) { count += 1; }
    });
    shown.textContent = count + " of " + rows.length + " claims shown";
  }
  [query, status, verified, failed].forEach(function (input) {
    input.addEventListener("input", apply);
    input.addEventListener("change", apply);
  });
  var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
  heads.forEach(function (head, column) {
    head.querySelector("button").addEventListener("click", function () {
      var ascending = head.getAttribute("aria-sort") !== "ascending";
      heads.forEach(function (other) { other.removeAttribute("aria-sort"); });
      head.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      rows.sort(function (a, b) {
        var x = a.cells[column].dataset.sort, y = b.cells[column].dataset.sort;
        var nx = parseFloat(x), ny = parseFloat(y);
        var order = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y);
        return ascending ? order : -order;
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });
  apply();
})();
"""

KIND_LABELS = {"proved": "proved", "xfail": "falsified (expected)", "falsified": "falsified",
               "unproven": "unproven", "error": "error"}
KIND_ORDER = {"error": 0, "falsified": 1, "unproven": 2, "xfail": 3, "proved": 4}


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


CSP = (f"default-src 'none'; style-src {_hash(STYLE)}; script-src {_hash(SCRIPT)}; img-src data:; "
       "base-uri 'none'; form-action 'none'")


def esc(text: object) -> str:
    """Untrusted text as HTML: one line, control characters made visible, markup escaped."""
    return html.escape(clean(text), quote=True)


def esc_block(text: object) -> str:
    """Untrusted multi-line text as HTML (shown with white-space: pre-wrap)."""
    return "\n".join(html.escape(line, quote=True) for line in safe_lines(text))


def page(title: str, body: str, with_script: bool = False) -> str:
    script = f"<script>{SCRIPT}</script>" if with_script else ""
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">"
            f"<title>{esc(title)}</title><style>{STYLE}</style></head>\n<body>\n{body}\n{script}</body></html>\n")


def kind(result) -> str:
    """The status as the site shows it, the one-line reports' word (outcome.label)."""
    return label(result).lower()


def badge(result) -> str:
    k = kind(result)
    return f'<span class="badge {k}">{KIND_LABELS[k]}</span>'
