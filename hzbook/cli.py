"""`hzbook`: build, print, execute, check and test the book; one command with subcommands.

The Makefile's targets are aliases of these. Building, printing and testing run with no network
(hzbook.offline re-runs the command inside a namespace with loopback only; HZ_ONLINE=1 does not).
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .offline import OfflineError, is_offline
from .offline import command as offline_command
from .plan import EDITIONS, LOCALES, Edition, edition
from .project import Project, ProjectError

OFFLINE = ("build", "pdf", "test")
EPILOG = """examples:
  hzbook build                       the book into _build/html (only what changed is executed or rebuilt)
  hzbook build --edition student     the student edition (no solutions) into _build/student/_build/html
  hzbook build --lang zh             the Chinese edition into _build/zh/html (--edition student: _build/zh/student/html)
  hzbook pdf [--student]             the whole book as one PDF: _build/pdf/haizhu-2019.pdf
  hzbook pdf --lang zh               the Chinese edition's PDF: _build/zh/pdf/haizhu-2019-zh.pdf
  hzbook translate [--charts]        bring the catalogs of locales/ in line with the English (--charts: chart texts too)
  hzbook execute book/1-1-growth.ipynb   store a notebook's new outputs
  hzbook check                       the preflight: notebooks, data, fonts, data/clean/
  hzbook test [--all]                every test but the slow tier (--all: every test)
  hzbook lab --port 8888             JupyterLab on book/, offline
"""


def parser() -> argparse.ArgumentParser:
    """The command line."""
    main = argparse.ArgumentParser(prog="hzbook", description="Build, print, execute, check and test the Haizhu 2019 book.",
                                   epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = main.add_subparsers(dest="command", required=True, metavar="COMMAND")
    build = commands.add_parser("build", help="execute what changed, build an edition of the book")
    build.add_argument("--edition", choices=list(EDITIONS), action="append",
                       help="html (default), student, singlehtml, student-singlehtml; repeat for several")
    build.add_argument("--lang", choices=list(LOCALES), default="en",
                       help="the book's language: en (default) or zh, the Chinese edition (_build/zh/…)")
    pdf = commands.add_parser("pdf", help="the whole book as one PDF, printed by Chromium")
    pdf.add_argument("--student", action="store_true", help="the student edition, without solutions")
    pdf.add_argument("--lang", choices=list(LOCALES), default="en", help="en (default) or zh: _build/zh/pdf/haizhu-2019-zh.pdf")
    pdf.add_argument("--preview", type=int, default=6, metavar="N", help="also write the first N pages as PNG (default 6)")
    execute = commands.add_parser("execute", help="re-execute notebooks in place and store their outputs")
    execute.add_argument("notebooks", nargs="*", type=Path, help="default: every notebook of _toc.yml")
    check = commands.add_parser("check", help="the preflight: one clear line per problem")
    check.add_argument("--skip-clean", action="store_true", help="do not check that data/clean/ is up to date")
    test = commands.add_parser("test", help="build once, then every test but the slow tier (--all: every test)")
    test.add_argument("--all", action="store_true", help="the slow tier too (what CI runs)")
    test.add_argument("pytest_args", nargs=argparse.REMAINDER, help="more arguments for pytest")
    lab = commands.add_parser("lab", help="JupyterLab on book/, bound to 127.0.0.1, offline")
    lab.add_argument("--port", type=int, default=8888)
    lab.add_argument("--root", type=Path, default=None, help="folder the lab shows (default: book/)")
    lab.add_argument("--token", default=None, help="default: a fresh random token")
    downloads = commands.add_parser("downloads", help="write chapters' download files without building")
    downloads.add_argument("notebooks", nargs="+", type=Path)
    downloads.add_argument("--out", type=Path, required=True, help="folder for the files")
    downloads.add_argument("--student", action="store_true", help="leave the solutions out of the notebooks")
    translate = commands.add_parser("translate", help="update the Chinese catalogs (locales/) from the English sources")
    translate.add_argument("--charts", action="store_true",
                           help="also execute every chapter in Chinese and add the chart and table texts it lacks to charts.po")
    commands.add_parser("lock-min", help="print hzlib's requirements at their lower bounds (input of requirements-min.lock)")
    commands.add_parser("system", help="install the Debian packages the book needs, when missing")
    return main


def main(argv: list[str] | None = None) -> int:
    """Run one subcommand; return its exit status."""
    args = parser().parse_args(argv)
    if args.command in OFFLINE and not is_offline():
        try:
            wrapped = offline_command([sys.executable, "-m", "hzbook", *(sys.argv[1:] if argv is None else argv)])
        except OfflineError as error:
            print(f"hzbook: {error}", file=sys.stderr)
            return 2
        os.execv(wrapped[0], wrapped)
    try:
        return COMMANDS[args.command](args)
    except ProjectError as error:
        print(f"hzbook: {error}", file=sys.stderr)
        return 2


def _build(args: argparse.Namespace) -> int:
    from .build import build

    project = Project()
    if _preflight(project, clean=False):
        return 1
    for name in args.edition or ["html"]:
        status = build(project, _in_language(EDITIONS[name], args.lang))
        if status:
            return status
    return 0


def _in_language(chosen: Edition, language: str) -> Edition:
    """The edition of the same kind in `language` (`--edition student --lang zh` is the zh-student edition)."""
    if chosen.language != "en" or language == "en":
        return chosen
    return edition(chosen.name, language)


def _pdf(args: argparse.Namespace) -> int:
    from .build import build
    from .pdf import PdfError, make_pdf

    project = Project()
    if _preflight(project, clean=False):
        return 1
    single = edition("student-singlehtml" if args.student else "singlehtml", args.lang)
    status = build(project, single)
    if status:
        return status
    out = pdf_path(project.root, args.lang, args.student)
    try:
        print(make_pdf(single.output(project.root), out, project.root_page, args.preview))
    except PdfError as error:
        print(f"pdf: {error}", file=sys.stderr)
        return 1
    return 0


def pdf_path(root: Path, language: str = "en", student: bool = False) -> Path:
    """Where `hzbook pdf` writes: _build/pdf/haizhu-2019[-student].pdf, _build/zh/pdf/haizhu-2019-zh[-student].pdf."""
    folder = root / "_build" / "pdf" if language == "en" else root / "_build" / language / "pdf"
    name = "haizhu-2019" + ("" if language == "en" else f"-{language}") + ("-student" if student else "")
    return folder / f"{name}.pdf"


def _translate(args: argparse.Namespace) -> int:
    from .i18n import collect_chart_texts, update_all

    project = Project()
    for line in update_all(project.root):
        print(line)
    if args.charts:
        print(collect_chart_texts(project))
    return 0


def _execute(args: argparse.Namespace) -> int:
    from .execute import execute

    project = Project()
    for path in args.notebooks or project.notebooks():
        print(f"executing {path}", file=sys.stderr)
        execute(Path(path))
    return 0


def _preflight(project: Project, clean: bool) -> int:
    from .preflight import problems

    found = problems(project, clean=clean)
    for line in found:
        print(f"preflight: {line}", file=sys.stderr)
    return 1 if found else 0


def _check(args: argparse.Namespace) -> int:
    return _preflight(Project(), clean=not args.skip_clean)


def _test(args: argparse.Namespace) -> int:
    from .testrun import run

    return run(Project(), everything=args.all, extra=args.pytest_args)


def _lab(args: argparse.Namespace) -> int:
    from .lab import serve

    return serve(args.root or Project().root / "book", args.port, args.token)


def _downloads(args: argparse.Namespace) -> int:
    from .downloads import write_chapter

    for path in args.notebooks:
        files, _ = write_chapter(path, args.out, student=args.student)
        shown = f"{files.n_claims} claims of section(s) {', '.join(files.sections)}" if files.sections else "no claims table"
        print(f"{path}: {files.notebook.name}, {files.claims_csv.name if files.claims_csv else '-'} ({shown})")
    return 0


def _lock_min(args: argparse.Namespace) -> int:
    from .requirements import minimum_requirements

    sys.stdout.write("".join(f"{line}\n" for line in minimum_requirements(Project().root / "pyproject.toml")))
    return 0


def _system(args: argparse.Namespace) -> int:
    from .system import install

    return install()


COMMANDS = {"build": _build, "pdf": _pdf, "execute": _execute, "check": _check, "test": _test, "lab": _lab,
            "downloads": _downloads, "translate": _translate, "lock-min": _lock_min, "system": _system}
