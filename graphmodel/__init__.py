"""graphmodel: UN roll-call votes as graphs of diplomatic alignment.

>>> import graphmodel as gm
>>> ds = gm.load_dataset()
>>> ds.votes_on("A/RES/ES-11/7").set_index("iso3").loc[["USA", "RUS"], "vote"].tolist()
['N', 'N']
"""

__version__ = "0.2.0"

from .analysis import Analysis, agreement, analyze, compare, shifts, summary  # noqa: E402
from .cosponsorship import cosponsorship  # noqa: E402
from .dataset import Dataset, build_dataset, load_dataset  # noqa: E402
from .errors import GraphmodelError, InputError  # noqa: E402
from .export import dyads  # noqa: E402
from .settings import Blocs, Index, Windows  # noqa: E402

__all__ = [
    "Analysis",
    "Blocs",
    "Dataset",
    "GraphmodelError",
    "Index",
    "InputError",
    "Windows",
    "agreement",
    "analyze",
    "build_dataset",
    "compare",
    "cosponsorship",
    "dyads",
    "load_dataset",
    "shifts",
    "summary",
]
