"""Sphinx extension: the book's HTML offline, light and clean under axe-core and Lighthouse.

- **Math from the local MathJax, at build time.** A math renderer (`hz_svg`) typesets every formula
  with MathJax 3 from the `django-static-mathjax` package, run by Node (mathjax_svg.js, beside this module), into
  inline SVG with MathML beside it for screen readers: no page loads MathJax (1.2 MB) or asks a CDN.
- **One copy of each script, deferred.** Sphinx 7.4 lists sphinx-thebe's inline configuration twice
  (the second copy redeclares `THEBE_JS_URL`: a console error); duplicates are dropped. Every script
  file of the head is deferred but `documentation_options.js`, which inline scripts read at once.
- **A meta description** per page: its opening paragraph, shortened to 160 characters.
- **The version** of hzlib (pyproject's, through `hzlib.__version__`) in the footer and as
  `hz_version` in the templates' context.
- **A subset of Font Awesome.** The theme's `fontawesome.js` carries every icon (1.5 MB); after the
  build it is replaced by Font Awesome's core (npm `@fortawesome/fontawesome-free`, the theme's
  version) and only the icons the site's pages and scripts name.
The templates in `book/_templates/` (search and colour-mode buttons, the search scripts) go with it.
"""
from __future__ import annotations

import html
import json
import re
import subprocess
import textwrap
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging

import hzlib

from .language import text

LOGGER = logging.getLogger(__name__)
CHECKOUT = Path(__file__).resolve().parents[2]  # the clone hzbook is installed from (editable)


def node_modules(srcdir: Path) -> Path:
    """The book's node_modules (`make setup`), else that of the clone hzbook is installed from (a copy of
    the sources that tests build holds no node_modules of its own)."""
    for checkout in (srcdir, CHECKOUT):
        if (checkout / "node_modules").is_dir():
            return checkout / "node_modules"
    return srcdir / "node_modules"


def fontawesome_dir(srcdir: Path) -> Path:
    """Font Awesome's scripts (npm @fortawesome/fontawesome-free)."""
    return node_modules(srcdir) / "@fortawesome" / "fontawesome-free" / "js"


MATHJAX_SCRIPT = Path(__file__).resolve().parent / "mathjax_svg.js"
MATH_CSS = "hz-math.css"  # book/_static/: the rules of MathJax's own SVG stylesheet the pages need
DESCRIPTION_CHARS = 160
MIN_OPENING_CHARS = 40  # shorter paragraphs (a download line, a date) do not describe a page
NOT_PROSE = (nodes.admonition, nodes.table, nodes.field_list, nodes.footnote, nodes.citation, nodes.topic,
             nodes.sidebar, nodes.container, nodes.list_item, nodes.caption, nodes.title)
SKIP_CLASSES = {"hz-downloads"}  # the download line hzbook.sphinx.downloads puts under a chapter's title
ICON = re.compile(r"fa-[a-z0-9]+(?:-[a-z0-9]+)*")
ICON_LINE = re.compile(r'^\s*"(?P<name>[^"]+)": \[')


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the math renderer and the page and build hooks."""
    app.add_html_math_renderer("hz_svg", (_visit_math, None), (_visit_displaymath, None))
    app.connect("config-inited", _configure)
    app.connect("html-page-context", _page_context, priority=900)  # after the theme and other extensions
    app.connect("build-finished", _lighten_icons)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": False}


def _configure(app: Sphinx, config: Any) -> None:
    config.html_math_renderer = "hz_svg"
    # first: before the theme's components folder, which pydata-sphinx-theme adds to templates_path
    config.templates_path = [str(Path(app.srcdir) / "book" / "_templates"), *config.templates_path]
    version = hzlib.__version__
    config.version = config.release = version
    config.html_context = {**config.html_context, "hz_version": version}
    options = dict(config.html_theme_options or {})
    footer = options.get("extra_footer", "")
    said = text(app, "Version {version} (hzlib and data)", version=version)
    options["extra_footer"] = f'{footer}<p class="hz-version">{html.escape(said)}</p>'
    config.html_theme_options = options


# ---- math ---------------------------------------------------------------------------------------

class _MathJax:
    """One Node process running mathjax_svg.js for the whole build: TeX in, SVG out."""

    process: subprocess.Popen[str] | None = None
    cache: dict[tuple[str, bool], str] = {}

    @classmethod
    def svg(cls, tex: str, display: bool) -> str:
        key = (tex, display)
        if key not in cls.cache:
            if cls.process is None:
                cls.process = subprocess.Popen(["node", str(MATHJAX_SCRIPT), str(_mathjax_dir())], stdin=subprocess.PIPE,
                                               stdout=subprocess.PIPE, text=True, encoding="utf-8")
            assert cls.process.stdin is not None and cls.process.stdout is not None
            cls.process.stdin.write(json.dumps({"tex": tex, "display": display}) + "\n")
            cls.process.stdin.flush()
            line = cls.process.stdout.readline()
            if not line:
                raise ExtensionError(f"{MATHJAX_SCRIPT} stopped: is Node installed, and MathJax (`make setup`)?")
            answer = json.loads(line)
            if "error" in answer:
                raise ExtensionError(f"MathJax could not typeset {tex!r}: {answer['error']}")
            cls.cache[key] = answer["html"]
        return cls.cache[key]


def _mathjax_dir() -> Path:
    import importlib.resources

    return Path(str(importlib.resources.files("mathjax") / "static" / "mathjax" / "es5"))


def _visit_math(self: Any, node: nodes.math) -> None:
    self.body.append(self.starttag(node, "span", "", CLASS="math notranslate nohighlight"))
    self.body.append(_MathJax.svg(node.astext(), display=False) + "</span>")
    raise nodes.SkipNode


def _visit_displaymath(self: Any, node: nodes.math_block) -> None:
    self.body.append(self.starttag(node, "div", CLASS="math notranslate nohighlight"))
    parts = [part for part in node.astext().split("\n\n") if part.strip()]
    tex = parts[0] if len(parts) == 1 else "\\begin{aligned}" + "\\\\".join(parts) + "\\end{aligned}"
    self.body.append(_MathJax.svg(tex, display=True) + "</div>\n")
    raise nodes.SkipNode


# ---- page context -------------------------------------------------------------------------------

def _page_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                  doctree: nodes.document | None) -> None:
    thebe = bool((app.config.html_theme_options.get("launch_buttons") or {}).get("thebe"))
    scripts = context.get("script_files")
    if scripts is not None:
        # search.html runs Sphinx's search scripts in its body at once: they need doctools.js before them
        context["script_files"] = _scripts(scripts, defer=pagename != "search", thebe=thebe)
    if not thebe and context.get("css_files") is not None:
        context["css_files"] = [css for css in context["css_files"] if "sphinx-thebe" not in str(css)]
    if doctree is not None and pagename != "search" and next(doctree.findall(_is_math), None) is not None:
        context["css_files"] = [*context.get("css_files", []), _css(MATH_CSS)]
    description = opening_paragraph(doctree) if doctree is not None else None
    if description:
        tag = f'<meta name="description" content="{html.escape(description, quote=True)}" />\n'
        context["metatags"] = context.get("metatags", "") + tag


def _is_math(node: nodes.Node) -> bool:
    return isinstance(node, (nodes.math, nodes.math_block))


def _css(filename: str) -> Any:
    from sphinx.builders.html._assets import _CascadingStyleSheet

    return _CascadingStyleSheet(f"_static/{filename}", priority=800, rel="stylesheet", type="text/css")


def _scripts(scripts: list[Any], defer: bool = True, thebe: bool = False) -> list[Any]:
    """Each script once (the same file or the same inline body), every file deferred but the options, and
    without sphinx-thebe's (its configuration and loader) when the launch buttons offer no live code."""
    from sphinx.builders.html._assets import _JavaScript

    seen: set[tuple[str, str]] = set()
    kept: list[Any] = []
    for script in scripts:
        filename = str(getattr(script, "filename", script) or "")
        attributes = dict(getattr(script, "attributes", {}) or {})
        if not thebe and ("sphinx-thebe" in filename or "THEBE_JS_URL" in str(attributes.get("body", ""))):
            continue
        key = (filename, json.dumps(attributes, sort_keys=True))
        if key in seen:
            continue
        seen.add(key)
        if (defer and filename and not {"defer", "async"} & attributes.keys() and attributes.get("type") != "module"
                and not filename.endswith("documentation_options.js")):
            attributes["defer"] = "defer"
            script = _JavaScript(filename, priority=getattr(script, "priority", 500), **attributes)
        kept.append(script)
    return kept


def opening_paragraph(doctree: nodes.Node) -> str | None:
    """The page's first paragraph of prose (not in a box, table, list, caption or cell output), shortened."""
    for paragraph in doctree.findall(nodes.paragraph):
        parent = paragraph.parent
        inside = False
        while parent is not None:
            if isinstance(parent, NOT_PROSE):
                inside = True
                break
            parent = parent.parent
        text = " ".join(paragraph.astext().split())
        if inside or len(text) < MIN_OPENING_CHARS or SKIP_CLASSES & set(paragraph.get("classes", [])):
            continue
        return shorten(text)
    return None


def shorten(text: str, limit: int = DESCRIPTION_CHARS) -> str:
    """`text` cut to `limit` characters at a word boundary (any character in Chinese), with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = textwrap.shorten(text, width=limit, placeholder="…")
    return cut if len(cut) > limit // 2 else text[: limit - 1] + "…"


# ---- icons --------------------------------------------------------------------------------------

def _lighten_icons(app: Sphinx, exception: Exception | None) -> None:
    """Font Awesome cut to the icons the site uses: its script, its CSS rules and its three fonts."""
    if exception is not None or app.builder.format != "html":
        return
    site = Path(app.outdir)
    script = site / "_static" / "scripts" / "fontawesome.js"
    if not script.is_file():
        return
    fontawesome = fontawesome_dir(Path(app.srcdir))
    if not (fontawesome / "fontawesome.min.js").is_file():
        raise ExtensionError(f"{fontawesome} is missing: run `make setup` (it runs `npm ci`)")
    names = used_icons(site)
    script.write_text(fontawesome_subset(names, fontawesome), encoding="utf-8")
    styles = site / "_static" / "styles" / "pydata-sphinx-theme.css"
    if styles.is_file():
        # from the theme's own copy: Sphinx does not copy a static file again over one that exists
        css = prune_icon_rules(_theme_styles().read_text(encoding="utf-8"), names)
        others = "".join(f.read_text(encoding="utf-8", errors="replace") for f in (site / "_static").rglob("*.css")
                         if f != styles)
        # code points written as CSS escapes ("\\f05a") or as the characters themselves (minified CSS does)
        points = {int(code, 16) for code in CODEPOINT.findall(css + others)} | {ord(c) for c in css + others if ord(c) > 127}
        css = FONT_SRC.sub(lambda m: _subset_font(styles.parent, m, points), css)
        styles.write_text(css, encoding="utf-8")


def _theme_styles() -> Path:
    import pydata_sphinx_theme

    return Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static" / "styles" / \
        "pydata-sphinx-theme.css"


FONT_SRC = re.compile(r'src:url\((?P<woff2>[^)]+\.woff2)\) format\("woff2"\),url\((?P<ttf>[^)]+\.ttf)\) format\("truetype"\)')
FA_SELECTOR = r"\.fa-[a-z0-9-]+(?::{1,2}[a-z-]+)?"
ICON_RULE = re.compile(rf"(?<=\}})(?P<selectors>{FA_SELECTOR}(?:,{FA_SELECTOR})*)\{{[^{{}}]*\}}")
CODEPOINT = re.compile(r"\\([0-9a-fA-F]{2,6})\s?")


def prune_icon_rules(css: str, names: set[str]) -> str:
    """The theme's CSS without the rules that only select Font Awesome classes no page or script names
    (`.fa-NAME:before{content:…}` of every icon, `.fa-spin{…}` and the like)."""
    def keep(match: re.Match[str]) -> str:
        used = {selector.split(":")[0][4:] for selector in match["selectors"].split(",")} & names
        return match[0] if used else ""
    return ICON_RULE.sub(keep, css)


def _subset_font(folder: Path, match: re.Match[str], points: set[int]) -> str:
    """One @font-face source: the font cut to the code points the site's CSS still names, as WOFF (fontTools,
    with matplotlib in the lock, reads and writes WOFF 2 only with brotli, which the lock does not have: it reads
    the TrueType copy); the page then names that one file instead of a WOFF 2 and a TrueType fallback."""
    from fontTools import subset

    source = (folder / match["ttf"]).resolve()
    target = source.with_name(source.stem + ".subset.woff")
    options = subset.Options()
    options.flavor = "woff"
    options.layout_features = ["*"]
    font = subset.load_font(str(source), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=points)
    subsetter.subset(font)
    subset.save_font(font, str(target), options)
    relative = match["woff2"].rsplit("/", 1)[0] + "/" + target.name
    return f'src:url({relative}) format("woff")'


def used_icons(site: Path) -> set[str]:
    """Every `fa-…` name the site's pages and its own scripts mention (the theme adds some from JavaScript)."""
    names: set[str] = set()
    files = [*site.rglob("*.html"), *(site / "_static").rglob("*.js")]
    for file in files:
        if file.name == "fontawesome.js" or file.name.startswith("searchindex"):
            continue
        names |= {match[3:] for match in ICON.findall(file.read_text(encoding="utf-8", errors="replace"))}
    return names


def fontawesome_subset(names: set[str], fontawesome: Path) -> str:
    """Font Awesome's core and its solid, regular and brands packs (from the folder `fontawesome`) cut down to the icons named."""
    parts = [(fontawesome / "fontawesome.min.js").read_text(encoding="utf-8")]
    for pack in ("solid", "regular", "brands"):
        kept: list[str] = []
        in_icons = False
        for line in (fontawesome / f"{pack}.js").read_text(encoding="utf-8").splitlines():
            in_icons = in_icons or line.strip() == "var icons = {"
            if in_icons and line.rstrip() == "  };":
                in_icons = False
            match = ICON_LINE.match(line) if in_icons else None
            if match is None or match["name"] in names:
                kept.append(line)
        parts.append("\n".join(kept))
    return "\n".join(parts) + "\n"
