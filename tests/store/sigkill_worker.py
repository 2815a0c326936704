"""Write synthetic coded articles to a store, one line per committed batch.

Run by ``test_sigkill.py`` (``python sigkill_worker.py DB N SEED BATCH``), which
kills it at random points and runs it again.
"""

from __future__ import annotations

import sys

from dotterel.store import open_store
from dotterel.store.testing import synthetic


def main(argv: list[str]) -> int:
    path, n, seed, batch = argv[1], int(argv[2]), int(argv[3]), int(argv[4])
    with open_store(path) as store:
        print("open", flush=True)
        report = store.write(
            synthetic(n, seed=seed, events_per_article=3),
            batch_size=batch,
            on_batch=lambda r: print(f"batch added={r.added} present={r.present}", flush=True),
        )
    print(f"done added={report.added} present={report.present}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
