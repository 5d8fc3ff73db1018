"""Past one machine: the shipped ``deploy/dagster.yaml`` stores runs and events in Postgres.

Starts a throw-away PostgreSQL server from the Debian package on 127.0.0.1 (skipped where the
server binaries are missing), points DAGSTER_HOME at the shipped dagster.yaml, materializes one
partition from the CLI and reads the run back from Postgres.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from conftest import BRIEFS, ROOT

from pipelines.assets import PER_DOCUMENT

pytestmark = pytest.mark.slow

BIN = Path(sys.executable).parent
DOC_ID = "recentralization-brief.txt"


def _pg_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture()
def postgres():  # type: ignore[no-untyped-def]
    pg = _pg_bin()
    if pg is None:
        pytest.skip("PostgreSQL server binaries (Debian package postgresql) are not installed")
    pytest.importorskip("dagster_postgres")
    # initdb refuses to run as root: run the server as the postgres user when we are root
    as_user: list[str] = []
    # pytest's tmp folders are private to root; the server's user needs a folder it can reach
    tmp_path = Path(tempfile.mkdtemp(prefix="briefparse-pg-"))
    data = tmp_path / "pgdata"
    sock = tmp_path / "pgsock"
    sock.mkdir()
    if os.geteuid() == 0:
        try:
            pw = pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("running as root and there is no postgres user to run the server")
        as_user = ["runuser", "-u", "postgres", "--"]
        data.mkdir()
        for d in (tmp_path, data, sock):
            os.chown(d, pw.pw_uid, pw.pw_gid)
        os.chmod(tmp_path, 0o755)
    made = subprocess.run([*as_user, str(pg / "initdb"), "-D", str(data), "-U", "dagster", "--auth=trust"],
                          capture_output=True, text=True, timeout=120)
    assert made.returncode == 0, made.stderr[-1000:]
    port = _free_port()
    log = tmp_path / "pg.log"
    subprocess.run([*as_user, str(pg / "pg_ctl"), "-D", str(data), "-l", str(log), "-w", "-o",
                    f"-p {port} -k {sock} -c listen_addresses=127.0.0.1", "start"],
                   check=True, capture_output=True, timeout=120)
    try:
        subprocess.run([str(pg / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "dagster", "dagster"],
                       check=True, capture_output=True, timeout=60)
        yield port
    finally:
        subprocess.run([*as_user, str(pg / "pg_ctl"), "-D", str(data), "-m", "fast", "stop"],
                       capture_output=True, timeout=120)
        shutil.rmtree(tmp_path, ignore_errors=True)


def test_shipped_dagster_yaml_stores_runs_in_postgres(tmp_path: Path, postgres: int) -> None:
    home = tmp_path / "home"
    home.mkdir()
    shutil.copy(ROOT / "deploy" / "dagster.yaml", home / "dagster.yaml")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(BRIEFS / DOC_ID, corpus)
    env = {**os.environ, "DAGSTER_HOME": str(home), "BRIEFPARSE_CORPUS": str(corpus),
           "BRIEFPARSE_OUT": str(tmp_path / "out"), "BRIEFPARSE_SOURCES_WARC": "",
           "BRIEFPARSE_PG_HOST": "127.0.0.1", "BRIEFPARSE_PG_PORT": str(postgres),
           "BRIEFPARSE_PG_USER": "dagster", "BRIEFPARSE_PG_PASSWORD": "", "BRIEFPARSE_PG_DB": "dagster"}
    subprocess.run([str(BIN / "python"), "-c",
                    "from dagster import DagsterInstance; "
                    f"DagsterInstance.get().add_dynamic_partitions('documents', ['{DOC_ID}'])"],
                   env=env, cwd=ROOT, check=True, timeout=180)
    done = subprocess.run([str(BIN / "dagster"), "asset", "materialize", "-m", "pipelines.definitions",
                           "--select", ",".join(PER_DOCUMENT), "--partition", DOC_ID],
                          env=env, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    import psycopg2

    with psycopg2.connect(host="127.0.0.1", port=postgres, user="dagster", dbname="dagster") as conn, \
            conn.cursor() as cur:
        cur.execute("select status from runs")
        statuses = [r[0] for r in cur.fetchall()]
        cur.execute("select partition from dynamic_partitions where partitions_def_name = 'documents'")
        partitions = [r[0] for r in cur.fetchall()]
    assert statuses == ["SUCCESS"]
    assert partitions == [DOC_ID]
