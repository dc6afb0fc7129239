"""HTML export: one self-contained, offline, deterministic page per executed notebook.

nbconvert's ``HTMLExporter`` with the ``lab`` template, configured through its public traits
(inputs and prompts hidden, no MathJax or require.js URL, validation once after all
preprocessors) and a small template of our own on top of ``lab``, given through the public
``extra_loaders`` and ``template_file`` traits. The template drops every script the page would
fetch from a CDN: require.js (``<script src="">`` even when the URL is empty), MathJax and the
Mermaid module loader (``https://cdnjs...`` imports, present in nbconvert 7.17 whatever
``mathjax_url`` says), and strips comments (which carry reference URLs) from the inlined CSS.
PNG outputs are already base64 in the notebook and become ``data:`` images, with the figure's
caption (``alt`` in the output's metadata) as their alternative text.

Uses nbconvert's public API only (no subclass, no private method). Imports nbconvert lazily:
call from a build worker only.
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


def strip_css_comments(css: str) -> str:
    """Remove ``/* ... */`` comments (used only on the template's own inlined CSS)."""
    from markupsafe import Markup

    return Markup(_CSS_COMMENT.sub("", str(css)))


_EXPORTER: Any = None


def exporter() -> Any:
    """A configured report exporter, an ``nbconvert.HTMLExporter`` (created once per process)."""
    global _EXPORTER
    if _EXPORTER is None:
        from jinja2 import DictLoader
        from nbconvert import HTMLExporter

        _EXPORTER = HTMLExporter(
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
