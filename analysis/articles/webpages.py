"""Loading ``.html``/``.htm`` files: the main text through trafilatura (imported only when needed)."""

from __future__ import annotations

from pathlib import Path

from analysis.articles.decoding import _read
from analysis.articles.fields import _from_fields, _title_field
from analysis.articles.model import Article, ArticleError
from analysis.articles.options import HTML_BYTES_PER_CHAR, LoadOptions


def _load_html(path: Path, options: LoadOptions) -> list[Article]:
    html, encoding, notes = _read(path, options.max_bytes(HTML_BYTES_PER_CHAR))
    try:
        import trafilatura

        doc = trafilatura.bare_extraction(
            html, include_comments=False, include_tables=False, with_metadata=True
        )
    except ImportError as e:
        raise ArticleError(path, f"HTML support needs trafilatura and lxml_html_clean ({e})") from None
    except Exception as e:  # any parser failure is a bad input, not a crash
        raise ArticleError(path, f"HTML extraction failed ({type(e).__name__}: {e})") from None
    text = getattr(doc, "text", None) if doc is not None else None
    if not text or not text.strip():
        raise ArticleError(path, "no article text found in the HTML")
    fields = {"title": doc.title, "date": doc.date, "url": doc.url, "source": doc.sitename}
    fields = {k: v for k, v in fields.items() if v}
    if getattr(doc, "author", None):
        fields["author"] = doc.author
    # trafilatura puts one paragraph per line: make each a paragraph of the clean text.
    body = "\n\n".join(line for line in text.split("\n") if line.strip())
    # trafilatura's fields have the default names, whatever the user's field mapping says.
    html_options = LoadOptions(max_chars=options.max_chars)
    title = _title_field(fields, html_options)
    return [
        _from_fields(
            fields, body, title=title, path=str(path), encoding=encoding, options=html_options, notes=notes
        )
    ]
