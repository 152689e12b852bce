import pytest

from graphmodel import load_dataset


@pytest.fixture(scope="session")
def dataset():
    return load_dataset()
