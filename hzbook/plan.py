"""What a build must redo, decided in one place from hashes of what matters.

Three fingerprints describe the sources:

- the **library**: hzlib's code, the data files it reads and the lock (the environment): when it
  changes, every notebook may compute something else, so every notebook is executed again;
- each **notebook**'s code cells (and kernel): when they change, that notebook alone runs again
  (its markdown is rendered, not executed);
- the **configuration** (_config.yml, _toc.yml, pyproject.toml, hzbook's own code) and the **pages**
  (every file of book/, data/clean/): a changed configuration rebuilds an edition from scratch,
  a changed page lets Sphinx rebuild what it sees changed.

Executions are shared by every edition of one language (one jupyter-cache per language: the Chinese
edition executes the chapters with `HZBOOK_LANG=zh`, which makes their charts and tables Chinese only,
hzlib.language); each edition (the book, the student edition, their single-page builds for the PDF,
in English and in Chinese) keeps its own record of what it was last built from, so an edition is
rebuilt when its own sources changed, whatever the others did. For a Chinese edition the chart
catalog belongs to the library (a changed chart text re-executes the chapters) and the page catalogs
to the pages. `decide` is a pure function of the fingerprints and the records: tests/test_plan.py
proves each rule.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .project import CONFIG, TOC, Project

STATE_DIR = "_build/.hzbook"
LIBRARY_GLOBS = ("hzlib/**/*.py", "data/*.csv", "data/raw/*", "requirements.lock")
CONFIG_GLOBS = (CONFIG, TOC, "pyproject.toml", "hzbook/**/*.py", "hzbook/**/*.js")
PAGE_GLOBS = ("book/**/*", "data/clean/*")
LOCALE_DIR = "locales"
LOCALES = {"en": "", "zh": "zh_CN"}
"""Each language of the book and its Sphinx `language` / catalog locale ("" for English: no catalog)."""
LANGUAGE_ENV = "HZBOOK_LANG"  # read by hzlib.language in the kernels that execute a Chinese edition's chapters
IGNORED_PARTS = (".ipynb_checkpoints", "__pycache__")


@dataclass(frozen=True)
class Edition:
    """One way to build the book: in a language, with or without solutions, as a site or as one page (for the PDF)."""

    name: str
    builder: str  # Sphinx builder: html or singlehtml
    student: bool
    out: str  # the folder of its pages, relative to the root; Sphinx's doctrees go beside it (<out>/../.doctrees)
    language: str = "en"  # a key of LOCALES

    def output(self, root: Path) -> Path:
        """The folder the edition's pages end up in."""
        return root / self.out

    @property
    def locale(self) -> str:
        """Sphinx's `language` for the edition: "en", or the catalogs' locale ("zh_CN")."""
        return LOCALES[self.language] or "en"

    @property
    def cache(self) -> str:
        """The jupyter-cache of the edition's language, relative to the root: executions differ by language."""
        return "_build/.jupyter_cache" if self.language == "en" else f"_build/{self.language}/.jupyter_cache"

    def _catalogs(self, pattern: str) -> tuple[str, ...]:
        return (f"{LOCALE_DIR}/{self.locale}/LC_MESSAGES/{pattern}",) if self.language != "en" else ()

    def library_globs(self) -> tuple[str, ...]:
        """What every execution depends on: hzlib, the data, the lock, and in Chinese the chart catalog."""
        return LIBRARY_GLOBS + self._catalogs("charts.po")

    def config_globs(self) -> tuple[str, ...]:
        """What every page depends on: the configuration, and in Chinese the interface catalog (title, download lines)."""
        return CONFIG_GLOBS + self._catalogs("interface.po")

    def page_globs(self) -> tuple[str, ...]:
        """What the pages are made of: book/, data/clean/, and in Chinese the page catalogs."""
        return PAGE_GLOBS + self._catalogs("book/*.po")


EDITIONS: dict[str, Edition] = {e.name: e for e in (
    Edition("html", "html", False, "_build/html"),
    Edition("student", "html", True, "_build/student/_build/html"),
    Edition("singlehtml", "singlehtml", False, "_build/single/_build/singlehtml"),
    Edition("student-singlehtml", "singlehtml", True, "_build/student-single/_build/singlehtml"),
    Edition("zh", "html", False, "_build/zh/html", "zh"),
    Edition("zh-student", "html", True, "_build/zh/student/html", "zh"),
    Edition("zh-singlehtml", "singlehtml", False, "_build/zh/single/singlehtml", "zh"),
    Edition("zh-student-singlehtml", "singlehtml", True, "_build/zh/student-single/singlehtml", "zh"),
)}


def edition(kind: str = "html", language: str = "en") -> Edition:
    """The edition of a kind (html, student, singlehtml, student-singlehtml) in a language (en, zh)."""
    if language not in LOCALES:
        raise KeyError(f"no language {language!r}: choose one of {', '.join(LOCALES)}")
    if language == "en":
        return EDITIONS[kind]
    return EDITIONS[language if kind == "html" else f"{language}-{kind}"]


@dataclass(frozen=True)
class Fingerprint:
    """What an edition would be built from right now (or was, when stored as a record)."""

    edition: str
    library: str
    config: str
    pages: str
    notebooks: dict[str, str] = field(default_factory=dict)  # docname (book/1-1-growth) -> hash of its code cells

    def execution_key(self, docname: str) -> str:
        """The key of a notebook's execution: its code and the library it ran against."""
        return hashlib.sha256(f"{self.library}:{self.notebooks[docname]}".encode()).hexdigest()

    def execution_keys(self) -> dict[str, str]:
        """Every notebook's execution key."""
        return {name: self.execution_key(name) for name in self.notebooks}


@dataclass(frozen=True)
class Record:
    """What an edition was last built from: its fingerprint's hashes and the executions its pages show."""

    config: str
    pages: str
    executions: dict[str, str]


@dataclass(frozen=True)
class Plan:
    """What to do for one edition: notebooks to execute, pages Sphinx must read again, whether to build at all."""

    execute: tuple[str, ...] = ()
    reread: tuple[str, ...] = ()
    build: bool = False
    fresh: bool = False  # throw the edition's previous build away first (no build yet, or its configuration changed)

    def describe(self) -> str:
        """One line for the terminal."""
        if not self.build and not self.execute:
            return "up to date"
        parts = [f"execute {len(self.execute)} notebook(s)"] if self.execute else []
        if self.build:
            parts.append("build from scratch" if self.fresh else f"rebuild ({len(self.reread)} page(s) re-read)")
        return ", ".join(parts)


def decide(current: Fingerprint, executed: dict[str, str], built: Record | None) -> Plan:
    """What must be redone so that an edition shows `current`: `executed` is the shared execution record
    (notebook -> execution key), `built` the edition's own record of its last successful build (None: never built)."""
    keys = current.execution_keys()
    execute = tuple(name for name, key in keys.items() if executed.get(name) != key)
    if built is None or built.config != current.config:
        return Plan(execute=execute, reread=tuple(keys), build=True, fresh=True)
    reread = tuple(name for name, key in keys.items() if built.executions.get(name) != key)
    return Plan(execute=execute, reread=reread, build=bool(reread) or built.pages != current.pages)


def digest(root: Path, patterns: Iterable[str], extra: str = "") -> str:
    """One sha256 over the relative names and bytes of every file matching the glob patterns under `root`."""
    sha = hashlib.sha256(extra.encode())
    files = sorted({p for pattern in patterns for p in root.glob(pattern)
                    if p.is_file() and not set(p.relative_to(root).parts) & set(IGNORED_PARTS)})
    for path in files:
        sha.update(path.relative_to(root).as_posix().encode() + b"\0")
        sha.update(hashlib.sha256(path.read_bytes()).digest())
    return sha.hexdigest()


def code_hash(notebook: Path, translations: dict[str, str] | None = None) -> str:
    """A notebook's code cells (their source and metadata) and kernel: what jupyter-cache keys an execution by
    (markdown is not run). A code cell's metadata holds its figure's caption and alt text, which a translation
    changes: given a page's translations, the hash is that of the translated notebook the edition executes."""
    text = notebook.read_text(encoding="utf-8")
    if translations:
        from .i18n import translate_page

        text = translate_page(text, ".ipynb", translations)
    data = json.loads(text)
    code = [["".join(c["source"]) if isinstance(c["source"], list) else c["source"], c.get("metadata", {})]
            for c in data["cells"] if c["cell_type"] == "code"]
    kernel = data.get("metadata", {}).get("kernelspec", {}).get("name", "")
    return hashlib.sha256(json.dumps([kernel, code], ensure_ascii=False, sort_keys=True).encode()).hexdigest()


def page_translations(root: Path, edition: Edition, docname: str) -> dict[str, str] | None:
    """The finished translations of a page for a translated edition (None for English)."""
    if edition.language == "en":
        return None
    from .i18n import catalog_path, catalog_translations

    return catalog_translations(catalog_path(root / LOCALE_DIR, docname, edition.locale))


def fingerprint(project: Project, edition: Edition) -> Fingerprint:
    """The fingerprint of an edition's sources as they are on disk now."""
    root = project.root
    return Fingerprint(
        edition=edition.name,
        library=digest(root, edition.library_globs()),
        config=digest(root, edition.config_globs(), extra=json.dumps(asdict(edition))),
        pages=digest(root, edition.page_globs()),
        notebooks={name: code_hash(p, page_translations(root, edition, name))
                   for p in project.notebooks() for name in [p.relative_to(root).with_suffix("").as_posix()]},
    )


class State:
    """The records of a project's builds, in `_build/.hzbook/`: the executions each language's cache holds
    (`executed.json`, `executed-zh.json`), one record per edition."""

    def __init__(self, root: Path) -> None:
        self.folder = root / STATE_DIR

    def _read(self, name: str) -> dict[str, object] | None:
        path = self.folder / name
        try:
            return dict(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError):
            return None

    def _write(self, name: str, data: object) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        partial = self.folder / f"{name}.partial"
        partial.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        partial.replace(self.folder / name)

    @staticmethod
    def _executed_file(language: str) -> str:
        return "executed.json" if language == "en" else f"executed-{language}.json"

    def executed(self, language: str = "en") -> dict[str, str]:
        """Notebook -> execution key of what the language's cache holds."""
        return {str(k): str(v) for k, v in (self._read(self._executed_file(language)) or {}).items()}

    def record_executed(self, keys: dict[str, str], language: str = "en") -> None:
        """Add executions that succeeded to the language's record."""
        self._write(self._executed_file(language), {**self.executed(language), **keys})

    def forget_executions(self, language: str = "en") -> None:
        """Forget every execution of a language (its cache was emptied)."""
        (self.folder / self._executed_file(language)).unlink(missing_ok=True)

    def built(self, edition: Edition) -> Record | None:
        """The edition's record of its last successful build, or None."""
        data = self._read(f"{edition.name}.json")
        if data is None:
            return None
        return Record(str(data["config"]), str(data["pages"]), {str(k): str(v) for k, v in dict(data["executions"]).items()})  # type: ignore[call-overload]

    def record_built(self, edition: Edition, current: Fingerprint) -> None:
        """Remember what the edition was just built from."""
        self._write(f"{edition.name}.json", asdict(Record(current.config, current.pages, current.execution_keys())))
