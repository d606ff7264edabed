import pytest

from tests.project import ROOT


@pytest.fixture(scope="session")
def root():
    return ROOT
