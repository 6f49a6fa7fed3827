"""Report formatters: each turns a list of ClaimResults into text for one audience."""

from __future__ import annotations

from . import json_report, text

FORMATS = {"text": text.render, "json": json_report.render}
