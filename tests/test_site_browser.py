"""The status site in a real browser: headless Chromium opens it from disk (file://).

`proofcheck verify claims/ --format html:DIR` is built once; the tests take a
screenshot (into the test's tmp_path, printed), check through the DOM that
every claim's mathematics rendered as MathML (no raw LaTeX, no error node, no
plain-text fallback), that links, filters and sorting work, that the graph is
there, and that no page logs an error (a Content-Security-Policy violation
included). They skip where no Chromium is installed.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from browser import Browser, find_chromium
from proofcheck.cli import main
from test_site import HOSTILE, build_zoo

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = find_chromium()
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="no Chromium installed (Debian: apt-get install chromium); the status site's "
                             "browser tests need a headless browser")

RENDERED = """(() => {
  const maths = Array.from(document.querySelectorAll("math"));
  const prose = Array.from(document.querySelectorAll("body *:not(pre):not(code):not(script):not(style)"))
    .flatMap(el => Array.from(el.childNodes)).filter(n => n.nodeType === 3).map(n => n.textContent).join(" ");
  return {
    maths: maths.length,
    mathml: maths.every(m => m instanceof MathMLElement && m.getBoundingClientRect().width > 0),
    statements: Array.from(document.querySelectorAll(".statement")).map(s => !!s.querySelector("math")),
    errors: document.querySelectorAll("merror").length,
    fallbacks: document.querySelectorAll("code.plain").length,
    latex: /\\\\(frac|left|right|sum|operatorname|mathit|nabla|succeq|top|le|ge)\\b/.test(prose),
    title: document.querySelector("h1").textContent,
  };
})()"""


@pytest.fixture(scope="module")
def course_site(tmp_path_factory):
    """The site of the course's claims, as `proofcheck verify claims/ --format html:DIR` writes it."""
    base = tmp_path_factory.mktemp("course")
    site, report = base / "site", base / "report.json"
    result = CliRunner().invoke(main, ["verify", str(ROOT / "claims"), "--format", f"html:{site}",
                                       "--format", f"json:{report}"])
    assert result.exit_code == 0, result.output
    return site, json.loads(report.read_text())["claims"]


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    with Browser(CHROMIUM, str(tmp_path_factory.mktemp("chromium-profile"))) as opened:
        yield opened


def test_the_index_renders_with_its_graph_and_a_screenshot(course_site, browser, tmp_path):
    site, claims = course_site
    browser.problems.clear()
    browser.open((site / "index.html").as_uri())
    shot = tmp_path / "status-site.png"
    browser.screenshot(str(shot))
    print(f"\nscreenshot of the status site: {shot}")
    assert shot.stat().st_size > 10_000
    ids = browser.js("Array.from(document.querySelectorAll('#claims tbody tr td:nth-child(2) a'))"
                     ".map(a => a.textContent)")
    assert ids == [c["id"] for c in claims]
    graph = browser.js("""(() => { const svg = document.querySelector('.graph svg');
        return {nodes: svg.querySelectorAll('g.node').length, links: svg.querySelectorAll('a').length,
                edges: svg.querySelectorAll('path[marker-end]').length, fully: svg.querySelectorAll('g.fully').length,
                height: svg.getBoundingClientRect().height}; })()""")
    verified = browser.js("document.querySelectorAll('tr[data-verified=yes]').length")
    assert graph["nodes"] == graph["links"] == len(claims) and graph["edges"] >= 2 and graph["height"] > 100
    assert graph["fully"] == verified >= 10
    assert browser.problems == []


def test_every_claim_page_shows_its_mathematics(course_site, browser):
    site, claims = course_site
    browser.problems.clear()
    for claim in claims:
        browser.open((site / "claims" / f"{claim['id']}.html").as_uri())
        shown = browser.js(RENDERED)
        assert shown["title"] == claim["id"]
        assert shown["maths"] >= 2 and shown["mathml"], (claim["id"], shown)
        assert shown["statements"] and all(shown["statements"]), (claim["id"], shown)
        assert shown["errors"] == shown["fallbacks"] == 0 and not shown["latex"], (claim["id"], shown)
    assert browser.problems == []


def test_links_lead_to_the_claim_and_back(course_site, browser):
    site, _ = course_site
    browser.open((site / "index.html").as_uri())
    browser.follow("document.querySelector('#claims tbody tr:nth-child(3) td:nth-child(2) a').click()")
    assert browser.js("location.pathname").endswith("/claims/l1_regularizer_convex.html")
    assert browser.js("document.querySelector('h1').textContent") == "l1_regularizer_convex"
    browser.follow("document.querySelector('nav a').click()")
    assert browser.js("location.pathname").endswith("/index.html")
    browser.follow("document.querySelector('.graph svg a[href$=\"laplacian_psd.html\"]').dispatchEvent("
                   "new MouseEvent('click', {bubbles: true}))")
    assert browser.js("document.querySelector('h1').textContent") == "laplacian_psd"
    browser.follow("Array.from(document.querySelectorAll('dd a')).find(a => "
                   "a.textContent === 'laplacian_quadratic_form').click()")
    assert browser.js("document.querySelector('h1').textContent") == "laplacian_quadratic_form"
    browser.open((site / "graph.svg").as_uri())  # the graph on its own: a standalone SVG with links
    assert browser.js("document.documentElement.tagName") == "svg"
    browser.follow("document.querySelector('a').dispatchEvent(new MouseEvent('click', {bubbles: true}))")
    assert browser.js("location.pathname").endswith("/claims/gradient_step_descent.html")
    assert browser.problems == []


def visible(browser) -> list:
    return browser.js("Array.from(document.querySelectorAll('#claims tbody tr')).filter(r => !r.hidden)"
                      ".map(r => r.querySelector('td:nth-child(2) a').textContent)")


def test_filters_and_sorting_work(course_site, browser):
    site, claims = course_site
    browser.open((site / "index.html").as_uri())

    def set_value(selector: str, value: str, event: str = "input") -> None:
        browser.js(f"(() => {{ const el = document.querySelector({json.dumps(selector)}); "
                   f"el.value = {json.dumps(value)}; el.dispatchEvent(new Event('{event}')); }})()")

    set_value("#q", "LAPLACIAN")
    assert visible(browser) == ["laplacian_psd", "laplacian_quadratic_form"]
    assert browser.js("document.getElementById('shown').textContent") == f"2 of {len(claims)} claims shown"
    set_value("#q", "")
    set_value("#status", "xfail", "change")
    expected_false = [c["id"] for c in claims if not c["expect"]]
    assert visible(browser) == expected_false and len(expected_false) == 3
    set_value("#status", "", "change")
    set_value("#verified", "no", "change")
    assert set(expected_false) <= set(visible(browser))
    set_value("#verified", "", "change")
    browser.js("document.getElementById('failed').click()")
    assert visible(browser) == []  # every claim of claims/ passes
    browser.js("document.getElementById('failed').click()")
    browser.js("document.querySelector('thead th:nth-child(7) button').click()")  # time, ascending
    times = browser.js("Array.from(document.querySelectorAll('#claims tbody tr td:nth-child(7)'))"
                       ".map(td => parseFloat(td.dataset.sort))")
    assert times == sorted(times) and len(times) == len(claims)
    browser.js("document.querySelector('thead th:nth-child(2) button').click()")
    browser.js("document.querySelector('thead th:nth-child(2) button').click()")  # claim id, descending
    assert visible(browser) == sorted((c["id"] for c in claims), reverse=True)
    assert browser.problems == []


def test_hostile_claims_and_every_verdict_render_without_errors(tmp_path, browser):
    """Counterexamples, failed steps, errors and hostile text: no dialog, no console error."""
    claims = build_zoo(tmp_path / "claims", tmp_path / "site")
    browser.problems.clear()
    browser.open((tmp_path / "site" / "index.html").as_uri())
    assert len(visible(browser)) == len(claims)
    pages = sorted((tmp_path / "site" / "claims").iterdir())
    for page in pages:
        browser.open(page.as_uri())
        shown = browser.js(RENDERED)
        assert shown["errors"] == 0 and not shown["latex"], page.name
    browser.open((tmp_path / "site" / "claims" / "hostile.html").as_uri())
    assert browser.js("document.querySelector('p.summary').textContent") == HOSTILE  # shown, not obeyed
    assert browser.js("document.querySelectorAll('img, script, svg').length") == 0
    browser.open((tmp_path / "site" / "claims" / "wrong.html").as_uri())
    assert browser.js("document.querySelector('table.counterexample td').textContent") == "x**2 >= 1"
    assert browser.problems == []
