"""What the corpus report needs beyond tables: where its store lives, its summary and provenance,
and links from its rows to the articles' own reports.

The corpus report analyses into a store so that a rebuild after new articles arrive analyses only
those. :func:`default_store_dir` puts the store beside the report folder in a build
(``reports/.store/<corpus digest>/``, kept between builds) or in the user's cache folder when the
notebook runs alone; one store per corpus path, so two corpora never share rows.

:func:`article_report_links` and :func:`with_article_links` give a table's rows the record each
article came from and a relative link to its article report, where a build made one.

Reads the store; creates no files itself.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from analysis.corpus.aggregates import store_overview
from analysis.corpus.run import RunResult
from analysis.corpus.store import Store

#: The file of a report inside its folder, as the builder writes it (``reports/<job>/index.html``).
REPORT_FILE = "index.html"


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


def store_summary(store: Store, period: str = "auto") -> pd.DataFrame:
    """The corpus at a glance as ``[field, value]`` rows.

    Only facts of the stored corpus, never of the run that filled it (how many articles this
    build analysed differs between a cold and a warm build of the same inputs).
    """
    facts: dict[str, Any] = store_overview(store, period)
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


def article_report_links(
    store: Store, corpus_path: str | Path, output_dir: str | Path | None
) -> dict[str, str]:
    """Article id -> relative link from the corpus report to the article's own report.

    A build without jobs in ``reports.yml`` makes one article report per single-article file of the
    seeds folder, in a folder named as :func:`analysis.build.jobs.seed_article_names` names it,
    beside the corpus report's folder: the link is ``../<job name>/index.html``. Records of a JSONL
    or CSV collection have no article report and no link. The links assume that layout (explicit
    jobs in ``reports.yml`` link alike when their article jobs are named so).

    Args:
        store: the corpus's store (its ``articles`` table's ``ref`` is the file relative to the corpus).
        corpus_path: the corpus; only a folder has seed files with article reports.
        output_dir: the corpus report's folder; None (the notebook run alone) gives no links.

    Returns:
        ``{article_id: href}`` in id order; empty when there is nothing to link.
    """
    if output_dir is None or not Path(corpus_path).is_dir():
        return {}
    # imported here: the build's job naming is needed only when a build folder is given
    from analysis.build.jobs import seed_article_names

    names = seed_article_names(Path(corpus_path))
    if not names:
        return {}
    root = Path(corpus_path).resolve()
    by_ref = {_ref(f, root): name for f, name in names.items()}
    rows = store.table(
        "articles", ["article_id", "ref"], filter=pc.field("ref").isin(pa.array(sorted(by_ref), pa.string()))
    )
    pairs = sorted(zip(rows["article_id"], rows["ref"], strict=True))
    return {str(aid): f"../{by_ref[ref]}/{REPORT_FILE}" for aid, ref in pairs}


def _ref(path: Path, root: Path) -> str:
    """A file's ``ref`` as the store records it: relative to the corpus root (resolved), POSIX."""
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return path.name


def with_article_links(store: Store, table: pd.DataFrame, links: Mapping[str, str]) -> pd.DataFrame:
    """``table`` (with an ``article_id`` column) plus ``record`` and ``report`` columns.

    ``record`` is where the article came from (its file, or ``file.jsonl:line`` in a collection;
    empty for an unknown id); ``report`` its link from :func:`article_report_links`, empty where
    none. Show the table with ``ReportOutput.table(..., links={"article_id": "report"})``.
    """
    ids = sorted({a for a in table["article_id"] if isinstance(a, str) and a})
    refs: dict[str, str] = {}
    if ids:
        rows = store.table(
            "articles", ["article_id", "ref"], filter=pc.field("article_id").isin(pa.array(ids, pa.string()))
        )
        refs = dict(zip(rows["article_id"], rows["ref"], strict=True))
    aids = [a if isinstance(a, str) else "" for a in table["article_id"]]
    return table.assign(record=[refs.get(a, "") for a in aids], report=[links.get(a, "") for a in aids])
