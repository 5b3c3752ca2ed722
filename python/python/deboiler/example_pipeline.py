"""Example: clean a folder of gzip JSON Lines shards with datatrove.

    python -m deboiler.example_pipeline SHARDS_DIR OUT_DIR [TASKS]

Reads every *.jsonl.gz of SHARDS_DIR (records with "id" and "text"),
cleans each text with deboiler and writes OUT_DIR/*.jsonl.gz.
"""
import sys

from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.readers import JsonlReader
from datatrove.pipeline.writers import JsonlWriter

from deboiler.datatrove import DeboilerCleaner


def main(shards, out, tasks=1):
    LocalPipelineExecutor(
        pipeline=[
            JsonlReader(shards, glob_pattern="*.jsonl.gz"),
            DeboilerCleaner(),
            JsonlWriter(out),
        ],
        tasks=tasks,
        logging_dir=None,
    ).run()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 1)
