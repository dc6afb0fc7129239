"""HTML export: one self-contained, offline, deterministic page per executed notebook.

nbconvert's ``lab`` template with inputs and prompts hidden. A small template on top of it drops
every script the page would fetch from a CDN: require.js (``<script src="">`` even when the URL is
empty), MathJax and the Mermaid module loader (``https://cdnjs...`` imports, present in nbconvert
7.17 whatever ``mathjax_url`` says), and strips comments (which carry reference URLs) from the
inlined CSS. PNG outputs are already base64 in the notebook and become ``data:`` images, with the
figure's caption (``alt`` in the output's metadata) as their alternative text.

nbconvert's ``HTMLExporter`` re-parses and re-serialises its whole page with BeautifulSoup only to
add a default ``alt`` to images and ``tabindex`` to output areas: two thirds of an export's time.
:class:`ReportExporter` renders ``alt`` in the template and adds ``tabindex`` with one substitution
on markup that only the template writes (article text reaches the page escaped). The notebook is
validated once, after all preprocessors, rather than after each.

Imports nbconvert lazily: call from a build worker only.
"""

from __future__ import annotations

import re
from typing import Any

TEMPLATE_NAME = "newsreport_report.html.j2"
TEMPLATE = r"""{%- extends 'lab/index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{% block notebook_css %}{{ super() | strip_css_comments }}{% endblock notebook_css %}
{% block data_png scoped %}
<div class="jp-RenderedImage jp-OutputArea-output {{ extra_class }}">
<img src="data:image/png;base64,{{ output.data['image/png'] | escape_html }}" \
alt="{{ ((output | get_metadata('alt', 'image/png')) or 'Figure') | escape_html }}">
</div>
{%- endblock data_png %}
"""
_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_FOCUSABLE_DIV = re.compile(r'(<div class="[^"<>]*\b(?:jp-OutputArea-output|jp-Cell-inputWrapper)\b[^"<>]*")')


def strip_css_comments(css: str) -> str:
    """Remove ``/* ... */`` comments (used only on the template's own inlined CSS)."""
    from markupsafe import Markup

    return Markup(_CSS_COMMENT.sub("", str(css)))


_EXPORTER: Any = None


def _exporter_class() -> type:
    from nbconvert import HTMLExporter
    from nbconvert.exporters.templateexporter import TemplateExporter
    from nbconvert.filters.highlight import Highlight2HTML
    from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

    class ReportExporter(HTMLExporter):
        """``HTMLExporter`` without its BeautifulSoup pass (see the module docstring)."""

        def from_notebook_node(self, nb: Any, resources: Any = None, **kw: Any) -> tuple[str, Any]:
            resources = self._init_resources(resources)
            lang = nb.metadata.get("language_info", {})
            lexer = lang.get("pygments_lexer", lang.get("name"))
            self.register_filter(
                "highlight_code",
                self.filters.get("highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self)),
            )
            self.register_filter(
                "filter_data_type",
                WidgetsDataTypeFilter(notebook_metadata=self._nb_metadata, parent=self, resources=resources),
            )
            html, resources = TemplateExporter.from_notebook_node(self, nb, resources, **kw)
            return _FOCUSABLE_DIV.sub(r'\1 tabindex="0"', html), resources

    return ReportExporter


def exporter() -> Any:
    """A configured report exporter (created once per process)."""
    global _EXPORTER
    if _EXPORTER is None:
        from jinja2 import DictLoader

        _EXPORTER = _exporter_class()(
            template_name="lab",
            template_file=TEMPLATE_NAME,
            extra_loaders=[DictLoader({TEMPLATE_NAME: TEMPLATE})],
            filters={"strip_css_comments": strip_css_comments},
            exclude_input=True,
            exclude_input_prompt=True,
            exclude_output_prompt=True,
            mathjax_url="",
            require_js_url="",
            embed_images=True,
            optimistic_validation=True,
        )
    return _EXPORTER


def to_html(nb: Any, title: str) -> str:
    """Render an executed (normalized) notebook as one HTML page titled ``title``."""
    body, _ = exporter().from_notebook_node(nb, resources={"metadata": {"name": title}})
    return body
