"""Where the package finds its files: the bundled dataset, the Cypher library, the user's data.

The bundled dataset (``data/`` in the repository) and the Cypher library (``cypher/``) ship inside
the wheel as ``graphmodel/data`` and ``graphmodel/cypher`` (mapped in ``pyproject.toml``) and are
read with :mod:`importlib.resources`, so an installed copy works from any folder. They are
read-only: a dataset a user extends with ``graphmodel data import`` goes to the user data folder,
``GRAPHMODEL_DATA`` or the platform's user data directory, never into site-packages.
"""

from __future__ import annotations

import importlib.util
import os
from importlib import resources
from pathlib import Path

from platformdirs import user_data_path

#: Environment variable naming the user's dataset folder.
DATA_ENV = "GRAPHMODEL_DATA"


def _package_folder(name: str) -> Path:
    """``graphmodel/<name>`` as shipped in the wheel, or ``<repo>/<name>`` in a source checkout.

    In a wheel the folder sits inside the package. An editable install maps the namespace
    package ``graphmodel.<name>`` to the repository's top-level folder through its import hook,
    which ``find_spec`` follows; a plain checkout on ``sys.path`` has no hook, hence the last look.
    """
    inside = Path(str(resources.files("graphmodel"))) / name
    if inside.is_dir():
        return inside
    try:
        spec = importlib.util.find_spec(f"graphmodel.{name}")
    except ModuleNotFoundError:
        spec = None
    for location in (spec.submodule_search_locations or []) if spec else []:
        if Path(location).is_dir():
            return Path(location)
    return Path(__file__).resolve().parent.parent / name


def bundled_data() -> Path:
    """Folder of the dataset shipped with the package (read-only)."""
    return _package_folder("data")


def cypher_dir() -> Path:
    """Folder of the Cypher library (``schema.cypher`` and the documented queries)."""
    return _package_folder("cypher")


def user_data_dir() -> Path:
    """Folder for the user's own dataset: ``$GRAPHMODEL_DATA`` or the platform's user data dir."""
    explicit = os.environ.get(DATA_ENV)
    return Path(explicit).expanduser() if explicit else user_data_path("graphmodel", appauthor=False) / "dataset"


def has_dataset(folder: Path) -> bool:
    return (Path(folder) / "votes.parquet").exists() or (Path(folder) / "CURRENT").exists()


def default_data() -> Path:
    """The dataset :func:`graphmodel.load_dataset` reads when given no path: the user's if one
    has been written, else the bundled one."""
    user = user_data_dir()
    return user if has_dataset(user) else bundled_data()
