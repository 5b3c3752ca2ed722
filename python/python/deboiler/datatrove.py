"""A datatrove pipeline step that cleans each document's text with deboiler.

    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter
    from deboiler.datatrove import DeboilerCleaner

    LocalPipelineExecutor(pipeline=[
        JsonlReader("shards/"),            # *.jsonl.gz, as datatrove writes them
        DeboilerCleaner(),
        JsonlWriter("clean/"),
    ], tasks=4).run()

Each document's `text` becomes its clean body; `metadata["deboiler"]`
holds the summary (language, confidence, kept and removed lines, removed
lines per category). The step counts documents, removed lines per
category, and documents left empty (dropped unless `keep_empty`) in
datatrove's stats.
"""

from datatrove.data import DocumentsPipeline
from datatrove.pipeline.base import PipelineStep

from . import Cleaner


class DeboilerCleaner(PipelineStep):
    """Cleans `doc.text` with deboiler, `batch_size` documents at a time
    on `threads` threads (default 1: datatrove runs one task a core)."""

    name = "🧹 deboiler"
    type = "✂️ - FORMAT"

    def __init__(self, patterns=None, model=None, title="keep", lang=None,
                 batch_size=256, threads=1, keep_empty=False):
        super().__init__()
        self.options = dict(patterns=patterns, model=model, title=title)
        self.lang = lang
        self.batch_size = batch_size
        self.threads = threads
        self.keep_empty = keep_empty
        self._cleaner = None

    @property
    def cleaner(self):
        # Built in the worker, not pickled with the pipeline.
        if self._cleaner is None:
            self._cleaner = Cleaner(**self.options)
        return self._cleaner

    def __getstate__(self):
        state = dict(self.__dict__)
        state["_cleaner"] = None
        return state

    def _batches(self, data):
        batch = []
        for doc in data:
            batch.append(doc)
            if len(batch) >= self.batch_size:
                yield batch
                batch = []
        if batch:
            yield batch

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        for batch in self._batches(data):
            with self.track_time(unit="batch"):
                results = self.cleaner.clean_many(
                    [doc.text for doc in batch], lang=self.lang, threads=self.threads)
            for doc, r in zip(batch, results):
                self.stat_update("documents")
                categories = {}
                for line in r.removed:
                    categories[line.category] = categories.get(line.category, 0) + 1
                for category, n in categories.items():
                    self.stat_update(f"removed_{category}", value=n)
                self.stat_update("lines_removed", value=len(r.removed))
                doc.text = r.text
                doc.metadata["deboiler"] = {
                    "lang": r.lang,
                    "confidence": r.confidence,
                    "removed": len(r.removed),
                    "categories": categories,
                }
                if not r.text.strip():
                    self.stat_update("empty")
                    if not self.keep_empty:
                        self.stat_update("dropped")
                        continue
                yield doc
