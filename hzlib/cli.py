"""`python -m hzlib`: check the data, list claims, export the clean datasets."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .errors import DataError
from .report import PLAN_SECTIONS

EPILOG = """examples:
  python -m hzlib verify                          check every claim against the report
  python -m hzlib claims --section 1.1            the claims of section 1.1 as a table
  python -m hzlib claims --section 2.T --format csv > targets.csv
  python -m hzlib numbers --section 1.4 --todo    numbers not yet a claim or a listed non-claim
  python -m hzlib export                          rewrite data/clean/ (CSV, XLSX, datapackage.json) and
                                                  the column tables of data/README.md
"""


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status (0 ok, 1 data problems, 2 usage)."""
    parser = argparse.ArgumentParser(
        prog="python -m hzlib", description="The Haizhu 2019 plan report as verified data.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    commands.add_parser("verify", help="run every check of the data; list all problems")
    listing = commands.add_parser("claims", help="print the claims, optionally of one section")
    listing.add_argument("--section", choices=PLAN_SECTIONS, help="only this report section")
    listing.add_argument("--format", choices=("markdown", "csv", "json"), default="markdown", help="output format (default: markdown)")
    numbers = commands.add_parser("numbers", help="every number of the report (Arabic, or a Chinese quantity) and what covers it")
    numbers.add_argument("--section", help="only this section")
    numbers.add_argument("--todo", action="store_true", help="only numbers that nothing covers yet")
    export = commands.add_parser("export", help="write the clean datasets to data/clean/")
    export.add_argument("--out", type=Path, default=None, help="target folder (default: data/clean/ of the clone)")
    args = parser.parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except DataError as error:
        print(error, file=sys.stderr)
        return 1


def _verify(args: argparse.Namespace) -> int:
    from .checks import verify

    verify()
    from .context import context
    from .ledger import claims
    from .relations import relations

    table = relations()
    print(f"ok: {len(claims())} claims verified, every number covered, {len(table)} relations evaluated "
          f"({(table['verdict'] == 'fails').sum()} fail), {len(context())} context figures checked")
    return 0


def _claims(args: argparse.Namespace) -> int:
    from .ledger import CLAIM_COLUMNS, claims

    frame = claims()
    if args.section:
        frame = frame[frame["section"] == args.section]
    frame = frame[list(CLAIM_COLUMNS)]
    if args.format == "csv":
        sys.stdout.write(frame.to_csv(index=False))
    elif args.format == "json":
        sys.stdout.write(frame.to_json(orient="records", force_ascii=False, indent=1) + "\n")
    else:
        text_columns = [i for i, column in enumerate(frame.columns) if column != "value"]  # 2.0 stays 2.0
        sys.stdout.write(frame.to_markdown(index=False, disable_numparse=text_columns) + "\n")
    return 0


def _numbers(args: argparse.Namespace) -> int:
    from .csvfile import read_rows
    from .ledger import BASE_COLUMNS, CLAIM_COLUMNS, check_claims
    from .not_claims import not_claim_offsets, number_sites
    from .paths import CLAIMS
    from .store import default_store

    store = default_store()
    text = store.report
    path = store.file(CLAIMS)
    name = store.display_name(path)
    _, good = check_claims(read_rows(path, CLAIM_COLUMNS, optional=BASE_COLUMNS, name=name), text, name)
    owner: dict[int, str] = {int(row["offset"]): str(row["claim_id"]) for row in good}  # type: ignore[call-overload]
    owner.update(not_claim_offsets(text, store)[1])
    for site in number_sites(text):
        if args.section and site.section != args.section:
            continue
        if args.todo and site.offset in owner:
            continue
        print(f"{site.section}\t{site.offset}\t{site.number}\t{owner.get(site.offset, 'TODO')}\t{site.context}")
    return 0


def _export(args: argparse.Namespace) -> int:
    from .export import export
    from .schema import write_readme
    from .store import default_store

    written = export(args.out)
    print(f"wrote {len(written)} files to {written[0].parent}")
    readme = default_store().data_dir / "README.md"
    if args.out is None and readme.is_file() and write_readme(readme):  # a clone: its column tables follow the schema
        print(f"rewrote the column tables of {readme}")
    return 0


COMMANDS = {"verify": _verify, "claims": _claims, "numbers": _numbers, "export": _export}
