"""The README's Quick start block runs as written (a new user found it broken once: a settings
combination the library refuses, and a figure of a window the re-bound result no longer held)."""

import re
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")


@pytest.mark.slow
def test_readme_quick_start_runs(tmp_path, monkeypatch):
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    block = re.search(r"## Quick start \(Python\)\n\n```python\n(.*?)```", readme, re.S)
    assert block, "README has no Quick start python block"
    monkeypatch.chdir(tmp_path)  # the block writes network_80.svg where it runs
    namespace: dict = {}
    exec(compile(block.group(1), "README Quick start", "exec"), namespace)
    assert (tmp_path / "network_80.svg").stat().st_size > 10_000
    decade = namespace["decade"]
    assert set(decade.blocs["window"]) == {str(y) for y in range(1985, 1996)}
    assert decade.blocs["significant"].notna().all()
