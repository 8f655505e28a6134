import shutil
import tempfile
from pathlib import Path

import pytest

from imago_site.devdb import Cluster


@pytest.fixture
def cluster_root():
    """A new folder for a throwaway PostgreSQL cluster, stopped and removed afterwards.

    It lives in /var/tmp because pytest's own temporary folders are private to the user that
    runs the suite, and a suite run by root runs the server as another user.
    """
    parent = Path(tempfile.mkdtemp(prefix="imago-devdb-test-", dir="/var/tmp"))
    parent.chmod(0o755)
    root = parent / "cluster"
    yield root
    Cluster(root).stop()
    shutil.rmtree(parent, ignore_errors=True)
