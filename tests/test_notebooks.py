"""The research notebooks run top to bottom on the real bundled data (nbclient), and are stored
without outputs."""

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
OFFLINE = [
    "01_quickstart.ipynb",
    "02_2025_us_and_russia.ipynb",
    "03_eight_decades_of_blocs.ipynb",
    "05_cosponsorship.ipynb",
]


def execute(name: str):
    book = nbformat.read(NOTEBOOKS / name, as_version=4)
    NotebookClient(book, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOKS)}}).execute()
    return book


def outputs_text(book) -> str:
    return "\n".join(
        str(o.get("text", "")) + str(o.get("data", {}).get("text/plain", ""))
        for cell in book.cells
        if cell.cell_type == "code"
        for o in cell.outputs
    )


def test_notebooks_are_stored_without_outputs():
    names = sorted(p.name for p in NOTEBOOKS.glob("*.ipynb"))
    assert names == sorted(OFFLINE + ["04_neo4j_from_python.ipynb"])
    for name in names:
        book = nbformat.read(NOTEBOOKS / name, as_version=4)
        for cell in book.cells:
            if cell.cell_type == "code":
                assert cell.outputs == [] and cell.execution_count is None, name


@pytest.mark.slow
@pytest.mark.parametrize("name", OFFLINE)
def test_notebook_runs(name):
    book = execute(name)
    text = outputs_text(book)
    figures = sum(
        1 for cell in book.cells if cell.cell_type == "code" for o in cell.outputs if "image/png" in o.get("data", {})
    )
    assert figures >= 1, f"{name} draws no figure"
    if name.startswith("02"):
        assert "On ES-11/7 the US and Russia both voted N" in text
        assert "below the 1992–2024 range" in text  # US–EU agreement after 2025-01-20
    if name.startswith("03"):
        assert "POL" in text and "US–Russia agreement peaked in session" in text
    if name.startswith("05"):
        assert "Israel is the US's closest voting partner" in text and "adjusted Rand index" in text


@pytest.mark.neo4j
def test_neo4j_notebook_runs(neo4j_driver):
    book = execute("04_neo4j_from_python.ipynb")
    assert "hops; networkx:" in outputs_text(book)
