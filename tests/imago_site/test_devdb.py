import contextlib
import os
import signal
import time
from pathlib import Path

import psycopg2
import pytest

from imago_site import devdb
from imago_site.devdb import Cluster, DevDBError, ServerUser


def query(cluster, sql):
    conn = psycopg2.connect(
        host=str(cluster.socket_dir), dbname=devdb.DATABASE_NAME, user=devdb.SUPERUSER
    )
    conn.autocommit = True
    try:
        with conn.cursor() as cursor:
            cursor.execute(sql)
            return cursor.fetchall() if cursor.description else None
    finally:
        conn.close()


def process_uid(pid):
    status = Path(f"/proc/{pid}/status").read_text()
    return int(next(line for line in status.splitlines() if line.startswith("Uid:")).split()[1])


def children_of(pid):
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError):
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def crash(cluster):
    """Kill the server as a power cut would: no shutdown, the pid file left behind."""
    postmaster = cluster.recorded_pid()
    victims = [postmaster, *children_of(postmaster)]
    for pid in victims:
        # A backend or worker may end on its own between the listing and the kill.
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while any(Path(f"/proc/{pid}").exists() for pid in victims):
        assert time.monotonic() < deadline, "the killed server did not go away"
        time.sleep(0.05)


def test_start_initialises_a_cluster_with_the_portal_database(cluster_root):
    cluster = Cluster(cluster_root)

    message = cluster.start()

    assert "initialised" in message
    assert cluster.is_running()
    assert query(cluster, "SELECT current_database()") == [(devdb.DATABASE_NAME,)]
    assert process_uid(cluster.recorded_pid()) == ServerUser.for_current_process().uid
    assert process_uid(cluster.recorded_pid()) != 0


def test_the_server_listens_only_on_its_socket(cluster_root):
    cluster = Cluster(cluster_root)
    cluster.start()

    assert query(cluster, "SHOW listen_addresses") == [("",)]
    assert list(cluster.socket_dir.glob(".s.PGSQL.*")) != []


def test_starting_twice_reuses_the_running_server(cluster_root):
    cluster = Cluster(cluster_root)
    cluster.start()
    first_pid = cluster.recorded_pid()

    message = cluster.start()

    assert "already running" in message
    assert cluster.recorded_pid() == first_pid


def test_stop_then_start_keeps_the_data(cluster_root):
    cluster = Cluster(cluster_root)
    cluster.start()
    query(cluster, "CREATE TABLE kept (note text); INSERT INTO kept VALUES ('still here')")

    assert "stopped" in cluster.stop()
    assert not cluster.is_running()
    cluster.start()

    assert query(cluster, "SELECT note FROM kept") == [("still here",)]


def test_a_crashed_server_with_a_recycled_pid_is_recovered_without_losing_data(cluster_root):
    cluster = Cluster(cluster_root)
    cluster.start()
    query(cluster, "CREATE TABLE kept (note text); INSERT INTO kept VALUES ('survived')")
    crash(cluster)
    # The stale pid file now names a live process that is not PostgreSQL: this test's own.
    lines = cluster.pid_file.read_text().split("\n")
    cluster.pid_file.write_text("\n".join([str(os.getpid()), *lines[1:]]))
    assert not cluster.is_running()

    message = cluster.start()

    assert "recovered" in message
    assert query(cluster, "SELECT note FROM kept") == [("survived",)]


def test_refuses_a_non_empty_folder_it_did_not_create(cluster_root):
    cluster_root.mkdir()
    someone_elses = cluster_root / "thesis.txt"
    someone_elses.write_text("do not touch")

    with pytest.raises(DevDBError, match="not created by this helper"):
        Cluster(cluster_root).start()

    assert sorted(p.name for p in cluster_root.iterdir()) == ["thesis.txt"]
    assert someone_elses.read_text() == "do not touch"


def test_stopping_a_cluster_that_is_not_running_says_so(cluster_root):
    assert Cluster(cluster_root).stop() == "PostgreSQL is not running"


def test_the_cluster_lives_in_the_checkout_when_the_server_user_can_reach_it(tmp_path):
    project = tmp_path / "portal"
    project.mkdir()
    me = ServerUser(os.geteuid(), os.getegid())

    assert devdb.default_root(project, user=me) == project / ".devdb"


def test_the_cluster_moves_to_var_tmp_when_the_checkout_is_closed_to_the_server_user(tmp_path):
    home = tmp_path / "home"
    project = home / "portal"
    project.mkdir(parents=True)
    home.chmod(0o700)
    stranger = ServerUser(uid=os.geteuid() + 12345, gid=os.getegid() + 12345)

    root = devdb.default_root(project, user=stranger)

    assert root.parent == Path("/var/tmp")
    assert root.name.startswith("imago-devdb-")
    assert root == devdb.default_root(project, user=stranger)  # the same checkout, the same place


def test_a_socket_path_too_long_for_the_system_moves_the_cluster(tmp_path):
    project = tmp_path / ("deep" * 30) / "portal"
    project.mkdir(parents=True)
    me = ServerUser(os.geteuid(), os.getegid())

    assert devdb.default_root(project, user=me).parent == Path("/var/tmp")


def test_imago_devdb_dir_overrides_the_location(tmp_path, monkeypatch):
    monkeypatch.setenv("IMAGO_DEVDB_DIR", str(tmp_path / "elsewhere"))

    assert devdb.default_root(tmp_path) == tmp_path / "elsewhere"
