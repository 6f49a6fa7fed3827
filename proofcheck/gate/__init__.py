"""A run: claim files found and loaded, each claim checked, verdicts cached.

collect (discovery, loading in workers), verify (both engines on one claim,
one verdict), runner (forked workers under time and memory limits), session
(selection, cache, scheduling), cache (signed verdicts outside the checkout).

May import: language, exact, symbolic, numeric (the engines only inside
functions, so that `check` stays light). Never reports, cli or click.
"""
