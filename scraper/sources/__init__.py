"""Sources stage: where the URLs and pages a run works on come from (URL lists, sitemaps,
feeds, followed links, WARC archives), before the frontier and the fetch."""
