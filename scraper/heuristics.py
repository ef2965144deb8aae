"""Switches for the general extractor's heuristics that a site rule may turn off for its own
pages (``[heuristics]`` in a rule file). They travel in ``ExtractSettings.heuristics``, set
per page by the pipeline when a rule matches: never a global.

- ``item_list``: the listing detector (``scraper.strip.repeated``): a container of five or
  more children of one shape is the page's item list, its cards kept as content and the main
  node chosen around it. Off for a site whose article body is made of repeated blocks the
  detector takes for a listing.
- ``hidden``: hidden elements (``hidden``, ``aria-hidden``, ``display:none``, hidden classes)
  are dropped, unless they hold most of the page or a container of prose. Off for a site
  that hides its article until a script runs in a shape those exceptions do not cover.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["HEURISTIC_NAMES", "Heuristics"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Heuristics:
    """Which general heuristics run (all by default)."""

    item_list: bool = True
    hidden: bool = True


#: The switch names a rule file may give, in the order documented.
HEURISTIC_NAMES = ("item_list", "hidden")
