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


def test_every_submodule_imports_despite_the_function_names() -> None:
    """``scraper.extract``, ``scraper.crawl`` and ``scraper.fetch`` are functions named like
    the internal package or module they sit beside; importing the modules by their dotted
    names still works (the import system finds them in ``sys.modules``)."""
    import importlib
    import pkgutil

    names = [m.name for m in pkgutil.walk_packages(scraper.__path__, "scraper.")]
    assert {"scraper.extract.blocks", "scraper.fetch.crawler", "scraper.crawl"} <= set(names)
    for name in names:
        if name != "scraper.__main__":  # runs the CLI
            assert importlib.import_module(name).__name__ == name
