"""The book in another language: each page's MyST source translated before it is parsed (hzbook.i18n).

Active when Sphinx's `language` is not English (`hzbook build --lang zh` sets `language: zh_CN`):

- `source-read`: a page's source (notebook JSON or MyST markdown) gets its messages replaced by their
  translations from `locales/zh_CN/LC_MESSAGES/<docname>.po`; the catalog becomes a dependency of the
  page, so a changed translation makes Sphinx read the page again;
- `config-inited`: the title, the author and myst-nb's prompts of folded cells from the interface catalog
  (`interface.po`), which also fills what sphinx-exercise's own catalog lacks (`EXTENSION_TEXTS`); the glossary's
  terms (`hz_search_words_page`) given to Sphinx's Chinese search as jieba's user dictionary, so that a
  search for 一般公共预算收入 finds the pages that use the term (jieba alone cuts it into four words);
- `text(app, english, ...)`: the texts the book's own extension writes (the download lines, the data
  section, "(student edition)"), from the interface catalog; a text without a translation is a build
  warning (an error under -W) naming it;
- `html-page-context`: every page links to the same page in the other language (`hz_other_language`,
  book/_templates/navbar-logo.html): `_build/html/<page>.html` and `_build/zh/html/<page>.html`, the
  student editions to each other;
- `build-finished`: the page sources the theme offers for download (`_sources/`) translated too.
"""
from __future__ import annotations

import gettext
import json
import warnings
from pathlib import Path
from typing import Any

from sphinx import locale
from sphinx.application import Sphinx
from sphinx.errors import ConfigError
from sphinx.util import logging

from .. import i18n

LOGGER = logging.getLogger(__name__)
OTHER_LANGUAGE = {"en": ("zh", "中文版", "zh-CN", "Other language"), "zh": ("en", "English edition", "en", "其他语言")}
"""For each language: the other one, the link's text and language tag, and the name of its landmark (in the page's language)."""


EXTENSION_TEXTS = {"exercise": ("Solution",)}
"""Texts that an extension translates with its own catalog (domain: texts) but whose catalog lacks for our locale:
sphinx-exercise 1.x's zh_CN has "Solution to" but not "Solution", the title under `solution_follow_exercise`."""


class _InterfaceFallback(gettext.NullTranslations):
    """The interface catalog as a gettext fallback for an extension's domain, for the texts named in EXTENSION_TEXTS."""

    def __init__(self, texts: dict[str, str]) -> None:
        super().__init__()
        self._texts = texts

    def gettext(self, message: str) -> str:
        return self._texts.get(message, message)


def setup(app: Sphinx) -> dict[str, Any]:
    """Register `hz_locale_dir` (default "locales", beside _config.yml) and the hooks."""
    # jieba 0.42 (Sphinx's Chinese search) imports pkg_resources, which setuptools<82 (pinned for pybtex) deprecates
    # with a UserWarning on every Chinese build; jieba falls back to plain files when it is gone.
    warnings.filterwarnings("ignore", message="pkg_resources is deprecated", category=UserWarning, module="jieba")
    app.add_config_value("hz_locale_dir", "locales", "env", [str])
    app.add_config_value("hz_search_words_page", "book/glossary", "html", [str])
    app.connect("config-inited", _translate_config, priority=400)  # before the student edition adds its suffix
    app.connect("config-inited", _translate_toc_captions, priority=950)  # after sphinx-external-toc read _toc.yml (900)
    app.connect("source-read", _translate_source)
    app.connect("html-page-context", _link_other_language)
    app.connect("build-finished", _translate_sources, priority=600)  # after the student edition stripped them
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}


def language(app: Sphinx) -> str:
    """The book's language: "zh" for `language: zh_CN`, else "en"."""
    return "zh" if str(app.config.language or "").startswith("zh") else "en"


def _locale_dir(app: Sphinx) -> Path:
    return Path(app.confdir) / app.config.hz_locale_dir


def _interface(app: Sphinx) -> dict[str, str]:
    found = getattr(app, "_hz_interface", None)
    if found is None:
        found = i18n.catalog_translations(i18n.interface_path(_locale_dir(app)))
        app._hz_interface = found  # type: ignore[attr-defined]
    return found


def text(app: Sphinx, english: str, **values: object) -> str:
    """An interface text in the book's language; `{name}` fields are filled from `values` after translation."""
    chosen = english
    if language(app) != "en":
        found = _interface(app).get(english)
        if found is None:
            LOGGER.warning("no translation of the interface text %r in %s: add it, then build again", english,
                           i18n.interface_path(_locale_dir(app)), type="hz", subtype="i18n")
        else:
            chosen = found
    return chosen.format(**values) if values else chosen


def _translate_config(app: Sphinx, config: Any) -> None:
    if language(app) == "en":
        return
    # the title, the author, and myst-nb's prompts of folded cells ("Show code cell {type}": source, outputs)
    for name in ("html_title", "author", "nb_code_prompt_show", "nb_code_prompt_hide"):
        if getattr(config, name, None):
            setattr(config, name, text(app, str(getattr(config, name))))
    for domain, names in EXTENSION_TEXTS.items():
        translator = locale.translators.get(("general", domain))
        if isinstance(translator, gettext.GNUTranslations) and not getattr(translator, "_hz_filled", False):
            translator.add_fallback(_InterfaceFallback({name: text(app, name) for name in names}))
            translator._hz_filled = True  # type: ignore[attr-defined]
    if language(app) == "zh":
        try:
            import jieba  # noqa: F401  (Sphinx's Chinese search would fall back to cutting text character by character)
        except ImportError as error:
            raise ConfigError("the Chinese edition's search needs jieba: pip install 'hzlib[zh]' (`make setup` installs it)") from error
    glossary = Path(app.srcdir, f"{config.hz_search_words_page}.md")
    if language(app) == "zh" and glossary.is_file() and not (config.html_search_options or {}).get("dict"):
        words = Path(app.outdir).parent / "search-words.txt"
        words.parent.mkdir(parents=True, exist_ok=True)
        words.write_text("".join(f"{term}\n" for term in i18n.glossary_terms(glossary.read_text(encoding="utf-8"))),
                         encoding="utf-8")
        config.html_search_options = {**(config.html_search_options or {}), "dict": str(words)}


def _translate_toc_captions(app: Sphinx, config: Any) -> None:
    """The captions of the table of contents' parts (_toc.yml), from the interface catalog."""
    site_map = getattr(config, "external_site_map", None)
    if language(app) == "en" or site_map is None:
        return
    for docname in site_map:
        for tree in site_map[docname].subtrees:
            if tree.caption:
                tree.caption = text(app, tree.caption)


def _translate_source(app: Sphinx, docname: str, source: list[str]) -> None:
    if language(app) == "en":
        return
    catalog = i18n.catalog_path(_locale_dir(app), docname)
    if catalog.exists():
        app.env.note_dependency(str(catalog))
    found = i18n.translations(_locale_dir(app), docname)
    if found:
        source[0] = i18n.translate_page(source[0], Path(app.env.doc2path(docname)).suffix, found)


def other_root(language_now: str, student: bool) -> str:
    """The other language's edition of the same kind, relative to this one's root (hzbook.plan's folders):
    `../zh/html` from `_build/html`, `../../html` from `_build/zh/html`, the student editions to each other."""
    import os

    from ..plan import edition

    kind = "student" if student else "html"
    here, there = edition(kind, language_now), edition(kind, OTHER_LANGUAGE[language_now][0])
    return os.path.relpath(there.out, here.out)


def _link_other_language(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """Give every page of a site (not the single page of the PDF) `hz_other_language`: the same page in the
    other language's edition of the same kind (href, text, lang)."""
    if app.builder.name != "html":
        return
    from .student import is_student_edition

    _, link_text, tag, landmark = OTHER_LANGUAGE[language(app)]
    up = "../" * pagename.count("/")
    root = other_root(language(app), is_student_edition())
    context["hz_other_language"] = {"href": f"{up}{root}/{pagename}.html", "text": link_text, "lang": tag, "label": landmark}


def _translate_sources(app: Sphinx, exception: Exception | None) -> None:
    """The page sources the theme offers for download (`_sources/book/1-1-growth.ipynb`), translated."""
    if exception is not None or language(app) == "en" or app.builder.format != "html":
        return
    sources = Path(app.outdir, "_sources")
    for docname in app.env.found_docs:
        found = i18n.translations(_locale_dir(app), docname)
        suffix = Path(app.env.doc2path(docname)).suffix
        copy = sources / f"{docname}{suffix}"
        if not found or not copy.is_file():
            continue
        translated = i18n.translate_page(copy.read_text(encoding="utf-8"), suffix, found)
        if suffix == ".ipynb":
            translated = json.dumps(json.loads(translated), ensure_ascii=False, indent=1) + "\n"
        copy.write_text(translated, encoding="utf-8")
