"""The `vnextract` command: arguments and printing only.

Every command is a thin wrapper over a library call (see README, "Python
API"). Sections below are owned by the module they call.
"""

from __future__ import annotations

import click

from . import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="vnextract")
def main() -> None:
    """Extract official figures from Vietnamese press reports into SQLite."""


# --- ingest / export / eval / stats (extract.ingest, extract.store, extract.evaluate) ---


# --- check / report (extract.checks, extract.report) ---


# --- query / serve (extract.query, extract.serve) ---


if __name__ == "__main__":
    main()
