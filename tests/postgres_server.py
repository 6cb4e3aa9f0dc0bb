"""A throwaway PostgreSQL server for the team-mode tests, started from the machine's binaries.

Used when FRAGMENT_TEST_POSTGRES_URL is not set: ``initdb`` into a fresh temporary folder,
``pg_ctl start`` listening only on a unix socket inside that folder (on Windows, on
127.0.0.1 at a free port), trust authentication for one role, and ``pg_ctl stop`` plus the
folder's removal at the end. As root, ``initdb`` refuses to run, so the server runs as the
``postgres`` system user (or ``nobody``), which owns the folder.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROLE = "fragment_test"


def find_binaries() -> Path | None:
    """The folder holding ``initdb`` and ``pg_ctl`` (newest Debian version first), or None."""
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin"),
                        key=lambda p: int(Path(p).parent.name) if Path(p).parent.name.isdigit()
                        else 0, reverse=True)
    on_path = shutil.which("initdb")
    if on_path:
        candidates.append(str(Path(on_path).parent))
    for folder in map(Path, candidates):
        if all((folder / tool).exists() or (folder / f"{tool}.exe").exists()
               for tool in ("initdb", "pg_ctl")):
            return folder
    return None


def _run_as() -> str | None:
    """The system user the server must run as: None unless we are root."""
    if os.name != "posix" or os.geteuid() != 0:
        return None
    import pwd  # POSIX only

    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
        except KeyError:
            continue
        return name
    raise RuntimeError("running as root with neither a 'postgres' nor a 'nobody' user: "
                       "initdb cannot run")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    """A running throwaway server: its admin URL, and how to stop it."""

    bindir: Path
    folder: Path
    user: str | None
    url: str

    def _cmd(self, *args: str) -> list[str]:
        if self.user is None:
            return list(args)
        if shutil.which("runuser"):
            return ["runuser", "-u", self.user, "--", *args]
        return ["su", "-s", "/bin/sh", self.user, "-c", subprocess.list2cmdline(args)]

    def run(self, *args: str) -> None:
        """Run a server tool as the server's user; raise with its output if it fails."""
        done = subprocess.run(self._cmd(*args), cwd=self.folder, capture_output=True,
                              text=True, check=False, timeout=300)
        if done.returncode != 0:
            log = self.folder / "server.log"
            tail = log.read_text(errors="replace")[-2000:] if log.is_file() else ""
            raise RuntimeError(f"{' '.join(args[:2])} failed ({done.returncode}):\n"
                               f"{done.stdout}\n{done.stderr}\n{tail}")

    def stop(self) -> None:
        """Stop the server (fast shutdown) and delete its folder."""
        try:
            self.run(str(self.bindir / "pg_ctl"), "-D", str(self.folder / "data"),
                     "-m", "fast", "-w", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)


def start(bindir: Path) -> Server:
    """initdb and start a server in a new temporary folder; return it running."""
    user = _run_as()
    # Not under pytest's base temp: that folder is private to us and the server user
    # (when we are root) could not reach its own socket.
    folder = Path(tempfile.mkdtemp(prefix="fragment-pg-"))
    if user is not None:
        import pwd  # POSIX only

        entry = pwd.getpwnam(user)
        os.chown(folder, entry.pw_uid, entry.pw_gid)
    folder.chmod(0o700)
    if os.name == "posix":
        listen = f"-c listen_addresses='' -c unix_socket_directories='{folder}'"
        port = 5432  # only names the socket file inside our own folder
        url = f"postgresql+psycopg://{ROLE}@/postgres?host={folder}&port={port}"
    else:
        port = _free_port()
        listen = "-c listen_addresses=127.0.0.1"
        url = f"postgresql+psycopg://{ROLE}@127.0.0.1:{port}/postgres"
    server = Server(bindir=bindir, folder=folder, user=user, url=url)
    try:
        server.run(str(bindir / "initdb"), "-D", str(folder / "data"), "-U", ROLE,
                   "-A", "trust", "-E", "UTF8", "--no-sync", "--no-instructions")
        options = f"{listen} -c port={port} -c fsync=off -c full_page_writes=off"
        server.run(str(bindir / "pg_ctl"), "-D", str(folder / "data"), "-l",
                   str(folder / "server.log"), "-o", options, "-w", "-t", "120", "start")
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return server
