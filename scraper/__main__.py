"""``python -m scraper``: the same as the ``scraper`` console script."""

from scraper.cli import main

main()
