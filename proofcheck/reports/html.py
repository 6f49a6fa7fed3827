"""`--format html:DIR`: a static status site (SPEC 13), readable from disk with no
server and no network.

DIR/index.html lists every claim (status, scope, source, tags, time, fully
verified; sortable and filterable by a little inline script), DIR/claims/ has
a page per claim (html_claim), DIR/graph.svg draws the `uses` relation
(svg_graph), also shown on the index. A claim is *fully verified* when it and
everything it uses, transitively, are proved.

Files are written as the other reports are, never through a link: DIR is
created if missing (its parent must exist), opened with O_NOFOLLOW, and every
file replaced by a rename inside it (safefiles). DIR must be new, empty, or a
site proofcheck wrote before (it holds `.proofcheck-site`); the pages of
claims that are gone are removed from DIR/claims/, nothing else is.
"""

from __future__ import annotations

import os

from .. import __version__
from ..gate.verify import summary
from ..language.loader import ID_RE
from ..language.safefiles import replace_file
from . import svg_graph
from .html_claim import Links, claim_page
from .html_page import KIND_LABELS, KIND_ORDER, badge, esc, kind, page

MARKER = ".proofcheck-site"
PAGES = "claims"
_DIR_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)


class SiteError(Exception):
    """The site cannot be written there (the message says why)."""


def check_site_dir(directory: str) -> None:
    """Fail before a long run: DIR must be a new name in an existing folder, an empty
    directory, or a site written by proofcheck; never a symbolic link."""
    if os.path.islink(directory):
        raise SiteError(f"{directory} is a symbolic link; the site is never written through one")
    if not os.path.lexists(directory):
        parent = os.path.dirname(os.path.abspath(directory))
        if not os.path.isdir(parent):
            raise SiteError(f"cannot create {directory}: no such directory {parent}")
        return
    if not os.path.isdir(directory):
        raise SiteError(f"{directory} exists and is not a directory")
    names = os.listdir(directory)
    if names and MARKER not in names:
        raise SiteError(f"{directory} is not empty and holds no proofcheck site ({MARKER}); "
                        "name a new or empty directory")


def write_site(directory: str, results: list, claims: list) -> None:
    """Write the site of a run's results (claims: the loaded Claims, for their statements)."""
    check_site_dir(directory)
    try:
        os.mkdir(directory, 0o755)
    except FileExistsError:
        pass
    root = os.open(directory, _DIR_FLAGS)
    try:
        pages = _subdirectory(root, PAGES)
        try:
            _write_all(root, pages, results, claims)
        finally:
            os.close(pages)
    finally:
        os.close(root)


def _subdirectory(parent: int, name: str) -> int:
    try:
        os.mkdir(name, 0o755, dir_fd=parent)
    except FileExistsError:
        pass
    return os.open(name, _DIR_FLAGS, dir_fd=parent)  # ELOOP (OSError) if it is a link


def _write_all(root: int, pages: int, results: list, claims: list) -> None:
    by_place = {(c.id, c.path, c.line): c for c in claims}
    names = page_names(results)
    fully = fully_verified(results, claims)
    first = {}
    for result, name in zip(results, names):
        first.setdefault(result.id, name)
    used_by: dict = {}
    for claim in claims:
        for used in claim.uses:
            used_by.setdefault(used, []).append(claim.id)
    for result, name in zip(results, names):
        claim = by_place.get((result.id, result.path, result.line))  # None: the claim did not load
        links = Links(pages=first, used_by=used_by.get(result.id, []) if claim else [],
                      fully=fully.get(result.id, False) and first[result.id] == name)
        replace_file(name, claim_page(result, claim, links).encode("utf-8"), dir_fd=pages)
    written = set(names)
    for stale in os.listdir(pages):
        if stale.endswith(".html") and stale not in written:
            os.unlink(stale, dir_fd=pages)
    graph = uses_graph(results, claims, fully, {i: f"{PAGES}/{n}" for i, n in first.items()})
    replace_file("graph.svg", graph.encode("utf-8"), dir_fd=root)
    replace_file("index.html", index_page(results, claims, names, fully, graph).encode("utf-8"), dir_fd=root)
    replace_file(MARKER, f"written by proofcheck {__version__}\n".encode(), dir_fd=root)


def page_names(results: list) -> list:
    """A file name for each result: its id when that is a valid id not taken yet, else a
    safe name (an error verdict goes by a file's stem, which may be anything)."""
    taken: set = set()
    names = []
    for number, result in enumerate(results, start=1):
        base = result.id if ID_RE.match(result.id) and len(result.id) <= 100 else f"claim-{number}"
        name, suffix = base, 1
        while name.lower() in taken:
            suffix += 1
            name = f"{base}-{suffix}"
        taken.add(name.lower())
        names.append(name + ".html")
    return names


def fully_verified(results: list, claims: list) -> dict:
    """{id: bool}: proved, and everything it uses (transitively) is a claim of the run and proved."""
    status = {}
    for result in results:
        status.setdefault(result.id, result.status)
    uses = {c.id: c.uses for c in claims}
    verdict = {}
    for claim_id in status:
        seen, stack, ok = {claim_id}, [claim_id], True
        while stack and ok:
            current = stack.pop()
            ok = status.get(current) == "proved" and current in uses
            for used in uses.get(current, ()):
                if used not in seen:
                    seen.add(used)
                    stack.append(used)
        verdict[claim_id] = ok
    return verdict


def uses_graph(results: list, claims: list, fully: dict, pages: dict) -> str:
    nodes, seen = [], set()
    for result in results:
        if result.id not in seen:
            seen.add(result.id)
            nodes.append(svg_graph.GraphNode(result.id, kind(result), result.title, pages.get(result.id, ""),
                                             fully.get(result.id, False)))
    return svg_graph.render(nodes, {c.id: list(c.uses) for c in claims})


def index_page(results: list, claims: list, names: list, fully: dict, graph: str) -> str:
    by_id = {c.id: c for c in claims}
    counts = summary(results)
    by_status = ", ".join(f"{n} {s}" for s, n in counts["by_status"].items())
    verified = sum(1 for r in results if fully.get(r.id))
    options = "".join(f'<option value="{k}">{KIND_LABELS[k]}</option>' for k in KIND_ORDER)
    head = (f"<header><h1>proofcheck: status of {counts['total']} claims</h1>"
            f"<p class=\"summary\"><strong>{counts['passed']} passed, {counts['failed']} failed</strong> "
            f"({by_status}); {verified} fully verified</p></header>"
            '<div class="filters"><label>Search <input id="q" type="search" '
            'placeholder="id, title, source or tag"></label>'
            f'<label>Status <select id="status"><option value="">all</option>{options}</select></label>'
            '<label>Fully verified <select id="verified"><option value="">all</option>'
            '<option value="yes">yes</option><option value="no">no</option></select></label>'
            '<label><input id="failed" type="checkbox"> failed only</label>'
            '<span id="shown" class="muted"></span></div>')
    columns = ("Status", "Claim", "Title", "Scope", "Source", "Tags", "Time", "Fully verified")
    rows = [_row(r, by_id.get(r.id), name, fully.get(r.id, False)) for r, name in zip(results, names)]
    table = ('<table id="claims"><thead><tr>' + "".join(f'<th><button type="button">{c}</button></th>'
                                                        for c in columns)
             + "</tr></thead><tbody>" + "".join(rows) + "</tbody></table>")
    legend = ('<p class="muted">Each box links to its claim; an arrow points from a claim to one it uses; '
              "&#10004; and a thick border: fully verified (it and everything it uses are proved). "
              'The same drawing as a file: <a href="graph.svg">graph.svg</a>.</p>')
    foot = f'<p class="muted">Written by proofcheck {esc(__version__)}.</p>'
    return page("proofcheck status", head + table + "<h2>Uses graph</h2>" + legend
                + f'<div class="graph">{graph}</div>' + foot, with_script=True)


def _row(result, claim, name: str, fully: bool) -> str:
    k = kind(result)
    scope = result.symbolic.get("scope") if result.status == "proved" else None
    source = claim.source if claim is not None and claim.source else ""
    tags = claim.tags if claim is not None else ()
    search = " ".join([result.id, result.title, source, *tags]).lower()
    yes = "yes" if fully else "no"
    cells = [
        (f"{KIND_ORDER[k]} {k}", badge(result) + ("" if result.passed else ' <span class="failed">fails</span>')),
        (result.id, f'<a href="{PAGES}/{name}">{esc(result.id)}</a>'),
        (result.title, esc(result.title)),
        (scope or "", esc(scope) if scope else '<span class="muted">&mdash;</span>'),
        (source, esc(source)),
        (" ".join(tags), " ".join(f'<span class="tag">{esc(t)}</span>' for t in tags)),
        (f"{result.seconds:.4f}", f"{result.seconds:.2f} s"),
        (yes, '<span class="fully">&#10004; yes</span>' if fully else '<span class="not-fully">no</span>'),
    ]
    return (f'<tr data-status="{k}" data-verified="{yes}" data-passed="{"yes" if result.passed else "no"}" '
            f'data-search="{esc(search)}">'
            + "".join(f'<td data-sort="{esc(key)}">{shown}</td>' for key, shown in cells) + "</tr>")
