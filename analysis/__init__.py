"""newsreport's analysis package: from a news article to tables and figures.

Quick start (JupyterLab)::

    from analysis import analyze
    a = analyze("seeds/000_8edc49b2fd314639.txt")
    print(a.summary())
    a.actors.head()

Submodules (`analysis.tokens`, `analysis.quotes` ...) hold the single steps.
Names are imported lazily, so ``import analysis`` stays cheap and importing one
module does not pull in the others (nor papermill/nbconvert, which only
``analysis.build`` uses).
"""

from __future__ import annotations

from analysis.exports import lazy_exports as _lazy_exports

__version__ = "0.1.0"

_EXPORTS = {
    "Article": "analysis.articles",
    "ArticleError": "analysis.articles",
    "load_article": "analysis.articles",
    "load_articles": "analysis.articles",
    "article_from_text": "analysis.articles",
    "kwic": "analysis.tokens",
    "keyness": "analysis.tokens",
    "sentence_sentiment": "analysis.sentiment",
    "load_registry": "analysis.actors",
    "find_mentions": "analysis.actors",
    "split_sentences": "analysis.tokens",
    "analyze": "analysis.pipeline",
    "ArticleAnalysis": "analysis.pipeline",
    "analyze_corpus": "analysis.corpus",
}

__all__ = sorted(_EXPORTS)


__getattr__, __dir__ = _lazy_exports(__name__, _EXPORTS, globals())
