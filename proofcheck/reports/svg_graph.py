"""The `uses` graph as a self-contained SVG, laid out here (no Graphviz, no script).

A layered drawing: claims that use nothing sit in the top layer, each other
claim one layer below the lowest claim it uses (cycles are drawn, not
followed); the order within a layer is improved by a few barycentre sweeps to
cut crossings, and wide layers wrap. Claims with no `uses` link either way are
laid out in a grid below. Colours and marks are attributes, not CSS, so the
file looks the same on its own as inside a page. Every text is escaped.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

NODE_W, NODE_H, GAP_X, GAP_Y, MARGIN, PER_ROW, LABEL = 176, 34, 22, 54, 16, 6, 22
COLOURS = {  # kind: (fill, stroke)
    "proved": ("#dff3e3", "#2e7d32"), "xfail": ("#e3ecfa", "#3558a5"), "falsified": ("#fde2e1", "#c62828"),
    "unproven": ("#fff3d1", "#a86b00"), "error": ("#ececec", "#5f5f5f"), "missing": ("#ffffff", "#9e9e9e"),
}


@dataclass(frozen=True)
class GraphNode:
    key: str  # the claim id
    kind: str  # one of COLOURS
    title: str = ""  # shown as the tooltip
    href: str = ""  # the claim's page, relative to the SVG
    fully: bool = False  # fully verified: it and everything it uses, transitively, proved


def render(nodes: list, uses: dict) -> str:
    """SVG of `nodes` (GraphNodes) and `uses` (key -> keys it uses; unknown keys are drawn as missing)."""
    known = {n.key: n for n in nodes}
    for targets in list(uses.values()):
        for target in targets:
            known.setdefault(target, GraphNode(target, "missing", "not a claim of this run"))
    edges = [(a, b) for a, targets in uses.items() if a in known for b in dict.fromkeys(targets) if a != b]
    linked = {k for edge in edges for k in edge}
    order = [k for k in known if k in linked]
    places, height = _layered(order, edges)
    loose = [k for k in known if k not in linked]
    width = max([x + NODE_W for x, _ in places.values()] + [_row_width(min(len(loose), PER_ROW))]) + MARGIN
    parts = []
    if loose:
        top = height + (GAP_Y // 2 if places else 0)
        parts.append(f'<text x="{MARGIN}" y="{top + 14}" font-size="12" fill="#555">Claims with no uses link '
                     'either way</text>')
        for i, key in enumerate(loose):
            row, col = divmod(i, PER_ROW)
            places[key] = (MARGIN + col * (NODE_W + GAP_X), top + 24 + row * (NODE_H + GAP_X))
        height = top + 24 + ((len(loose) - 1) // PER_ROW + 1) * (NODE_H + GAP_X)
    arrows = [_edge(places[a], places[b]) for a, b in edges]
    boxes = [_node(known[k], *places[k]) for k in known]
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height + MARGIN}" width="{width}" '
            f'height="{height + MARGIN}" role="img" aria-label="uses graph" font-family="sans-serif">'
            '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
            'orient="auto-start-reverse"><path d="M0 0 L10 5 L0 10 z" fill="#777"/></marker></defs>')
    return head + "".join(parts + arrows + boxes) + "</svg>\n"


def _row_width(count: int) -> int:
    return MARGIN + count * NODE_W + max(0, count - 1) * GAP_X


def _layered(order: list, edges: list) -> tuple:
    """{key: (x, y)} of the linked claims, and the height they take."""
    if not order:
        return {}, MARGIN
    used = {k: [] for k in order}
    users = {k: [] for k in order}
    for a, b in edges:
        used[a].append(b)
        users[b].append(a)
    depth = _depths(order, used)
    layers: list = [[] for _ in range(max(depth.values()) + 1)]
    for key in order:
        layers[depth[key]].append(key)
    position = {k: float(i) for layer in layers for i, k in enumerate(layer)}
    for sweep in range(4):  # barycentre ordering, down then up
        for layer in layers[1:] if sweep % 2 == 0 else reversed(layers[:-1]):
            near = used if sweep % 2 == 0 else users
            layer.sort(key=lambda k: _mean([position[n] for n in near[k]], position[k]))
            position.update({k: float(i) for i, k in enumerate(layer)})
    rows = [layer[i:i + PER_ROW] for layer in layers for i in range(0, len(layer), PER_ROW)]
    widest = max(_row_width(len(row)) for row in rows)
    places = {}
    for r, row in enumerate(rows):
        left = MARGIN + (widest - _row_width(len(row))) // 2
        for i, key in enumerate(row):
            places[key] = (left + i * (NODE_W + GAP_X), MARGIN + r * (NODE_H + GAP_Y))
    return places, MARGIN + len(rows) * (NODE_H + GAP_Y) - GAP_Y


def _depths(order: list, used: dict) -> dict:
    """One more than the deepest claim used (0: uses nothing), without recursion; an edge
    back into the path being explored (a cycle) is not followed."""
    depth: dict = {}
    for root in order:
        if root in depth:
            continue
        on_path = {root}
        stack = [(root, iter(used[root]))]
        while stack:
            key, pending = stack[-1]
            step = next((n for n in pending if n not in on_path), None)
            if step is None:
                stack.pop()
                on_path.discard(key)
                depth[key] = 1 + max((depth[n] for n in used[key] if n in depth), default=-1)
            elif step not in depth:
                on_path.add(step)
                stack.append((step, iter(used[step])))
    return depth


def _mean(values: list, default: float) -> float:
    return sum(values) / len(values) if values else default


def _edge(start: tuple, end: tuple) -> str:
    """From the user's box to the used one's, as a curve with an arrow head."""
    (x1, y1), (x2, y2) = start, end
    x1, x2 = x1 + NODE_W // 2, x2 + NODE_W // 2
    if y1 > y2:
        y2 += NODE_H
    elif y1 < y2:
        y1 += NODE_H
    else:  # side by side (a wrapped layer or a cycle): between the sides
        y1 = y2 = y1 + NODE_H // 2
        x1, x2 = (x1 + NODE_W // 2, x2 - NODE_W // 2) if x1 < x2 else (x1 - NODE_W // 2, x2 + NODE_W // 2)
    middle = (y1 + y2) / 2
    return (f'<path d="M{x1} {y1} C{x1} {middle:g} {x2} {middle:g} {x2} {y2}" fill="none" stroke="#777" '
            'stroke-width="1.3" marker-end="url(#arrow)"/>')


def _node(node: GraphNode, x: int, y: int) -> str:
    fill, stroke = COLOURS.get(node.kind, COLOURS["error"])
    label = ("✔ " if node.fully else "") + node.key
    if len(label) > LABEL:
        label = label[:LABEL - 1] + "…"
    tip = f"{node.key}: {node.title}" if node.title else node.key
    tip += " (fully verified)" if node.fully else ""
    dash = ' stroke-dasharray="4 3"' if node.kind == "missing" else ""
    box = (f'<g class="node {node.kind}{" fully" if node.fully else ""}" data-id="{_esc(node.key)}">'
           f'<title>{_esc(tip)}</title>'
           f'<rect x="{x}" y="{y}" width="{NODE_W}" height="{NODE_H}" rx="7" fill="{fill}" stroke="{stroke}" '
           f'stroke-width="{3 if node.fully else 1.4}"{dash}/>'
           f'<text x="{x + NODE_W // 2}" y="{y + NODE_H // 2 + 4}" text-anchor="middle" font-size="12" '
           f'fill="#1d1d1d">{_esc(label)}</text></g>')
    return f'<a href="{_esc(node.href)}">{box}</a>' if node.href else box


def _esc(text: str) -> str:
    return html.escape(text, quote=True)
