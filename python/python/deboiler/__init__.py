"""deboiler: clean scraped plain-text news pages into article bodies.

    >>> import deboiler
    >>> c = deboiler.Cleaner()
    >>> r = c.clean("Rain hits the north\\n\\nHeavy rain fell across the north on Monday, closing roads and schools in three provinces.\\nShare this article\\n")
    >>> "Share this" in r.text
    False

`Cleaner.clean_many(texts, threads=N)` cleans a batch on N threads
without the GIL. `deboiler.datatrove.DeboilerCleaner` is a datatrove
pipeline step.
"""

from ._native import Cleaned, Cleaner, Removed

__all__ = ["Cleaner", "Cleaned", "Removed"]
