"""The corpus manifest (MANIFEST.tsv): which real files are here, where from, and what raw manim
renders of them."""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
MANIFEST = HERE / "MANIFEST.tsv"
# The files themselves are not in git (README.md says why and how to get them): a local copy
# sits here, or where CORPUS_DIR points.
CORPUS = Path(os.environ.get("CORPUS_DIR") or HERE)


@dataclass(frozen=True)
class CorpusFile:
    path: Path
    repo: str
    licence: str
    scenes: list[str]
    raw_ok: list[str]  # the scenes raw `manim render -ql` renders (CE files only)

    @property
    def kind(self) -> str:
        """ce, gl_short or gl_files: the folder under the corpus."""
        return self.path.relative_to(CORPUS).parts[0]


def _names(cell: str) -> list[str]:
    return [name.strip() for name in cell.split(",") if name.strip()]


def corpus_files() -> list[CorpusFile]:
    with MANIFEST.open(newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    return [
        CorpusFile(
            path=CORPUS / row["path"].removeprefix("tests/corpus/"),
            repo=row["repo"],
            licence=row["licence"],
            scenes=_names(row["scenes"]),
            raw_ok=_names(row.get("raw_ok") or ""),
        )
        for row in rows
    ]


def of_kind(kind: str) -> list[CorpusFile]:
    return [f for f in corpus_files() if f.kind == kind]
