"""The public API is exactly what ``__all__`` says, sorted and complete."""

from types import ModuleType

import scraper


def test_all_is_sorted_and_exported() -> None:
    assert scraper.__all__ == sorted(scraper.__all__)
    for name in scraper.__all__:
        assert hasattr(scraper, name), name


def test_no_public_name_missing_from_all() -> None:
    public = {name for name, value in vars(scraper).items()
              if not name.startswith("_") and not isinstance(value, ModuleType)}
    assert public == set(scraper.__all__) - {"__version__"}


def test_package_is_typed() -> None:
    from importlib.resources import files

    assert files("scraper").joinpath("py.typed").is_file()


def test_one_page_helpers_are_public() -> None:
    assert {"extract", "fetch", "crawl"} <= set(scraper.__all__)
    assert callable(scraper.fetch) and scraper.fetch.__module__ == "scraper.fetch_page"


def test_every_submodule_imports_and_no_function_hides_one() -> None:
    """The stage packages are named apart from the functions ``scraper.extract``,
    ``scraper.crawl`` and ``scraper.fetch`` (``extractor``, ``crawler``, ``fetcher``), so every
    dotted name imports and none is shadowed by a function of the same name."""
    import importlib
    import pkgutil

    names = [m.name for m in pkgutil.walk_packages(scraper.__path__, "scraper.")]
    assert {"scraper.extractor.blocks", "scraper.crawler.engine", "scraper.fetcher.client",
            "scraper.sources"} <= set(names)
    for name in names:
        parent, _, leaf = name.rpartition(".")
        assert isinstance(getattr(importlib.import_module(parent), leaf, None),
                          (ModuleType, type(None))), f"{name} is hidden by a non-module"
        if name != "scraper.__main__":  # runs the CLI
            assert importlib.import_module(name).__name__ == name
