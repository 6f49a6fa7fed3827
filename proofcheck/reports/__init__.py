"""Reports: each turns a run's ClaimResults into text for one audience.

text, json_report, junit, github, markdown (one module a format, FORMATS
below), latex (the IR as LaTeX) and explain (one claim in full). Every text
from a claim file or a file name goes through language.safetext.

May import: language, gate (results and summaries). Never the engines' modules
at import time, never click.
"""

from __future__ import annotations

from . import github, json_report, junit, markdown, text

FORMATS = {"text": text.render, "json": json_report.render, "junit": junit.render,
           "github": github.render, "markdown": markdown.render}
