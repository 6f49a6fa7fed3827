"""Report formatters: each turns a list of ClaimResults into text for one audience."""

from __future__ import annotations

from . import github, json_report, junit, markdown, text

FORMATS = {"text": text.render, "json": json_report.render, "junit": junit.render,
           "github": github.render, "markdown": markdown.render}
