"""graphmodel: UN roll-call votes as graphs of diplomatic alignment."""

from .dataset import Dataset, build_dataset, load_dataset

__all__ = ["Dataset", "build_dataset", "load_dataset"]
__version__ = "0.1.0"
