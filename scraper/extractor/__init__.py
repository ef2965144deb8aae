"""Extract stage: the main node as ordered blocks, the page's metadata, and the page verdict."""
