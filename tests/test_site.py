"""The status site (SPEC 13) without a browser: content, escaping, fully verified, files.

The browser checks (rendering, links, filters, console) are in test_site_browser.py.
"""

from __future__ import annotations

import json
import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from proofcheck.api import check_paths
from proofcheck.cli import main
from proofcheck.reports import svg_graph
from proofcheck.reports.html import MARKER, fully_verified, page_names
from proofcheck.reports.html_claim import _definition
from proofcheck.reports.mathml import expression, from_latex

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = '<script>alert(1)</script><img src=x onerror=alert(2)>'
CLAIM = 'title: {title}\nsymbols:\n  x: {domain}\nclaim: "{claim}"\n'
ZOO = {
    "base.yaml": CLAIM.format(title="squares", domain="scalar", claim="x**2 >= 0"),
    "middle.yaml": CLAIM.format(title="uses base", domain="scalar", claim="x**2 + 1 > 0") + "uses: [base]\n",
    "top.yaml": CLAIM.format(title="uses middle", domain="scalar", claim="x**4 >= 0") + "uses: [middle, hard]\n",
    "hard.yaml": CLAIM.format(title="hard", domain="positive", claim="sin(x) <= x"),
    "wrong.yaml": CLAIM.format(title="wrong", domain="scalar", claim="x**2 >= 1"),
    "xfail.yaml": CLAIM.format(title="expected false", domain="scalar", claim="x**2 > 0") + "expect: false\n",
    "orphan.yaml": CLAIM.format(title="uses a missing claim", domain="scalar", claim="x**2 >= 0")
    + "uses: [nowhere]\n",
    "chain.yaml": ("title: a chain with a wrong step\nsymbols:\n  x: scalar\nclaim: \"(x + 1)**2 >= 0\"\n"
                   "proof: |\n  (x + 1)**2\n  == x**2 + 2*x + 1\n  >= 2*x + 1\n  >= 0\n"),
    "Bad Name.yaml": CLAIM.format(title="broken", domain="scalar", claim="x @ x >= 0"),
    "hostile.yaml": (f"title: '{HOSTILE}'\nsource: 'javascript:alert(3)'\ntags: ['\"><svg onload=alert(4)>']\n"
                     f"description: '</p>{HOSTILE}'\nsymbols:\n  x: scalar\nclaim: \"x**2 >= 0\"\n"),
    "notes.md": "# notes\n\n```proofcheck\n" + CLAIM.format(title="in a note", domain="scalar", claim="x**2 >= 0")
    + "```\n\n```proofcheck\ntitle: broken\nclaim: \"y >= 0\"\n```\n",
}


def build_zoo(folder: Path, site: Path) -> dict:
    """A site of every kind of verdict and some hostile text; {id: JSON entry}."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in ZOO.items():
        (folder / name).write_text(text)
    report = folder.parent / "zoo.json"
    result = CliRunner().invoke(main, ["verify", str(folder), "--no-cache", "--format", f"html:{site}",
                                       "--format", f"json:{report}"])
    assert result.exit_code == 1, result.output
    return {c["id"]: c for c in json.loads(report.read_text())["claims"]}


@pytest.fixture(scope="module")
def zoo(tmp_path_factory):
    base = tmp_path_factory.mktemp("zoo")
    return build_zoo(base / "claims", base / "site"), base / "site"


def rows(index: str) -> dict:
    return {m.group(2): m.group(1) for m in re.finditer(r'<tr data-status="[a-z]+" data-verified="(yes|no)".*?'
                                                        r'<a href="claims/[^"]+">([^<]+)</a>', index)}


def test_the_site_has_a_page_per_claim_an_index_and_a_graph(zoo):
    claims, site = zoo
    index = (site / "index.html").read_text()
    pages = sorted(p.name for p in (site / "claims").iterdir())
    assert len(pages) == len(claims) == 12 and "claim-1.html" in pages  # `Bad Name` is no file name
    assert (site / MARKER).is_file() and ET.fromstring((site / "graph.svg").read_text()).tag.endswith("svg")
    verified = rows(index)
    assert {k for k, v in verified.items() if v == "yes"} == {"base", "middle", "hostile", "notes-1"}
    assert verified["top"] == "no" and verified["orphan"] == "no"  # uses an unproven / a missing claim
    assert index.count('data-status="xfail"') == 1 and index.count('data-passed="no"') == 4  # wrong, chain, Bad Name, notes-2


def test_claim_text_is_escaped_everywhere(zoo):
    _, site = zoo
    for path in [site / "index.html", site / "graph.svg", *sorted((site / "claims").iterdir())]:
        text = path.read_text()
        assert "<script>alert" not in text and "<img" not in text and "<svg onload" not in text, path
        assert text.count("<script>") == (1 if path.name == "index.html" else 0), path
    page = (site / "claims" / "hostile.html").read_text()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;" in page
    assert 'href="javascript' not in page


def test_the_proof_chain_shows_each_step_and_the_counterexample_table(zoo):
    claims, site = zoo
    page = (site / "claims" / "chain.html").read_text()
    statuses = re.findall(r'<td>(\d+)</td><td>[^<]*</td><td>.*?<span class="badge (\w+)">', page)
    assert statuses == [("6", "start"), ("7", "proved"), ("8", "proved"), ("9", "falsified")]
    assert claims["chain"]["numeric"]["counterexample"]["step"] == 9
    assert '<table class="counterexample">' in page and "<th>left side</th>" in page
    wrong = (site / "claims" / "wrong.html").read_text()
    assert "<th><code>x</code></th><td>0</td>" in wrong
    assert "<math" in wrong and "merror" not in wrong


def test_every_course_claim_typesets_as_mathml():
    report = check_paths([str(ROOT / "claims"), str(ROOT / "docs" / "course-example")])
    assert report.ok and len(report.claims) >= 28
    for claim in report.claims:
        nodes = [*claim.claims, *claim.given, *(s.expr for s in claim.proof or ())]
        for node in nodes:
            shown = expression(node, "block")
            assert shown and shown.startswith("<math") and "merror" not in shown and "\\" not in shown, claim.id
        for definition in claim.definitions:
            assert _definition(definition).startswith("<math"), (claim.id, definition.name)


def test_mathml_is_rebuilt_from_allowed_markup_only():
    assert "<mfrac>" in from_latex(r"\frac{1}{2}")
    assert from_latex(r"\unknowncommand{x}") is None  # the converter would pass the LaTeX through
    assert from_latex("<script>&") is None  # the converter's output is not well-formed here
    assert from_latex(r"\frac{1}{") is None


def test_page_names_are_safe_and_unique():
    class R:
        def __init__(self, claim_id):
            self.id = claim_id

    names = page_names([R("a"), R("A"), R("../etc"), R("a"), R("x" * 300), R("claim-3")])
    assert names == ["a.html", "claim-2.html", "claim-3.html", "a-2.html", "claim-5.html", "claim-3-2.html"]


def test_fully_verified_follows_uses_transitively_and_survives_cycles():
    class R:
        def __init__(self, claim_id, status):
            self.id, self.status = claim_id, status

    class C:
        def __init__(self, claim_id, *uses):
            self.id, self.uses = claim_id, uses

    results = [R("a", "proved"), R("b", "proved"), R("c", "unproven"), R("p", "proved"), R("q", "proved")]
    claims = [C("a", "b"), C("b", "c"), C("c"), C("p", "q"), C("q", "p")]
    assert fully_verified(results, claims) == {"a": False, "b": False, "c": False, "p": True, "q": True}


def test_the_graph_layout_has_no_overlaps():
    nodes = [svg_graph.GraphNode(f"n{i}", "proved", href=f"claims/n{i}.html", fully=i % 2 == 0) for i in range(20)]
    uses = {f"n{i}": [f"n{i // 2}"] for i in range(1, 15)} | {"n0": ["n14"], "n15": ["gone"]}
    svg = ET.fromstring(svg_graph.render(nodes, uses))
    boxes = [(float(r.get("x")), float(r.get("y"))) for r in svg.iter("{http://www.w3.org/2000/svg}rect")]
    assert len(boxes) == 21  # and the missing claim `gone`
    for i, (x1, y1) in enumerate(boxes):
        for x2, y2 in boxes[i + 1:]:
            assert abs(x1 - x2) >= svg_graph.NODE_W or abs(y1 - y2) >= svg_graph.NODE_H
    assert len(list(svg.iter("{http://www.w3.org/2000/svg}path"))) == 1 + 16  # the arrow head and 16 edges


def site(*args):
    return CliRunner().invoke(main, ["verify", *map(str, args), "--no-cache", "--engine", "symbolic"])


def test_where_the_site_may_be_written(tmp_path):
    claims = tmp_path / "claims"
    claims.mkdir()
    (claims / "a.yaml").write_text(ZOO["base.yaml"])
    result = site(claims, "--format", "html")
    assert result.exit_code == 2 and "--format html:DIR" in result.output
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "thesis.tex").write_text("precious")
    result = site(claims, "--format", f"html:{tmp_path / 'mine'}")
    assert result.exit_code == 2 and "holds no proofcheck site" in result.output
    assert os.listdir(tmp_path / "mine") == ["thesis.tex"]
    (tmp_path / "link").symlink_to(tmp_path / "mine")
    result = site(claims, "--format", f"html:{tmp_path / 'link'}")
    assert result.exit_code == 2 and "symbolic link" in result.output
    out = tmp_path / "site"
    assert site(claims, "--format", f"html:{out}").exit_code == 0
    (out / "claims" / "gone.html").write_text("an old page")
    (out / "notes.txt").write_text("kept")
    assert site(claims, "--format", f"html:{out}").exit_code == 0
    assert sorted(os.listdir(out / "claims")) == ["a.html"] and (out / "notes.txt").exists()
    (out / "claims" / "a.html").unlink()
    (out / "claims").rmdir()
    (out / "claims").symlink_to(tmp_path / "mine", target_is_directory=True)
    result = site(claims, "--format", f"html:{out}")
    assert result.exit_code == 2 and "cannot write the site" in result.output
    assert os.listdir(tmp_path / "mine") == ["thesis.tex"]
