import pytest
from django.db import connection

from imago_site import devdb
from imago_site.devdb import Cluster


def test_healthz_answers_ok_while_the_database_answers(client, db):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert "no-cache" in response["Cache-Control"]


@pytest.fixture
def portal_on_throwaway_cluster(cluster_root, transactional_db):
    """Point the portal's database connection at a cluster of its own, which the test may stop."""
    cluster = Cluster(cluster_root)
    cluster.start()
    original = dict(connection.settings_dict)
    connection.close()
    connection.settings_dict.update(HOST=str(cluster.socket_dir), NAME=devdb.DATABASE_NAME)
    try:
        yield cluster
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(original)


def test_healthz_answers_503_when_the_database_is_down(client, portal_on_throwaway_cluster):
    assert client.get("/healthz").status_code == 200

    portal_on_throwaway_cluster.stop()
    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.content == b"database unavailable\n"
    assert b"Traceback" not in response.content
