"""What the corpus report needs beyond tables: where its store lives, its summary and provenance.

The corpus report analyses into a store so that a rebuild after new articles arrive analyses only
those. :func:`default_store_dir` puts the store beside the report folder in a build
(``reports/.store/<corpus digest>/``, kept between builds) or in the user's cache folder when the
notebook runs alone; one store per corpus path, so two corpora never share rows.

Reads the store; creates no files itself.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.corpus.aggregates import store_overview
from analysis.corpus.run import RunResult
from analysis.corpus.store import Store


def default_store_dir(corpus_path: str | Path, output_dir: str | Path | None = None) -> Path:
    """The store folder of a corpus: ``<reports>/.store/<digest>`` in a build, else a cache folder.

    ``NEWSREPORT_STORE`` overrides both (the folder itself).
    """
    if os.environ.get("NEWSREPORT_STORE"):
        return Path(os.environ["NEWSREPORT_STORE"])
    digest = hashlib.sha256(str(Path(corpus_path).resolve()).encode("utf-8")).hexdigest()[:16]
    if output_dir is not None:
        return Path(output_dir).resolve().parent / ".store" / digest
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return cache / "newsreport" / "stores" / digest


def store_summary(store: Store) -> pd.DataFrame:
    """The corpus at a glance as ``[field, value]`` rows.

    Only facts of the stored corpus, never of the run that filled it (how many articles this
    build analysed differs between a cold and a warm build of the same inputs).
    """
    facts: dict[str, Any] = store_overview(store)
    rows = [(k, f"{v:,}" if isinstance(v, int) else str(v)) for k, v in facts.items()]
    rows.append(("analysis key", store.key))
    return pd.DataFrame(rows, columns=["field", "value"])


def failures_table(run: RunResult) -> pd.DataFrame:
    """Records that could not be analysed: ``[record, reason]``, sorted."""
    return pd.DataFrame(sorted(run.failed), columns=["record", "reason"])


def store_provenance(store: Store) -> dict[str, str]:
    """Input facts for the provenance table: articles, analysis key, digest of the article ids."""
    ids = "\n".join(store.index["article_id"])
    return {
        "articles": str(len(store)),
        "analysis key": store.key,
        "article ids sha256": hashlib.sha256(ids.encode("utf-8")).hexdigest()[:16],
    }
