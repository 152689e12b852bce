"""Run Neo4j Community locally from Maven Central artifacts (no Docker, no Desktop needed).

``start`` resolves ``org.neo4j:neo4j`` (5.26 LTS, which runs on Java 17) and the Neo4j Browser
with Maven once (``pom.xml`` beside this file), writes a config under the home folder
(``.neo4j/`` by default, ``GRAPHMODEL_NEO4J_HOME`` to move it; ``GRAPHMODEL_NEO4J_DATA`` moves
only the database), sets the initial password from
``NEO4J_PASSWORD`` (default ``graphmodel``), and launches the server in the background.
Bolt listens on 7687 and HTTP on 7474 with the Browser at ``/browser/``.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

from ..errors import GraphmodelError

DEFAULT_PASSWORD = "graphmodel"
POM = Path(__file__).with_name("pom.xml")


def home() -> Path:
    return Path(os.environ.get("GRAPHMODEL_NEO4J_HOME", Path.cwd() / ".neo4j")).resolve()


def data_dir(base: Path) -> Path:
    """Database folder: ``GRAPHMODEL_NEO4J_DATA`` or ``<home>/data`` (the test runner points it at
    a fresh temporary folder so the suite starts from an empty graph)."""
    return Path(os.environ.get("GRAPHMODEL_NEO4J_DATA", base / "data")).resolve()


def _pid_file(base: Path) -> Path:
    return base / "run" / "graphmodel-neo4j.pid"


def _running_pid(base: Path) -> int | None:
    path = _pid_file(base)
    if not path.exists():
        return None
    pid = int(path.read_text().strip() or 0)
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, PermissionError):
        path.unlink(missing_ok=True)
        return None
    return pid


def _port_open(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


def resolve_jars(base: Path) -> Path:
    lib = base / "lib"
    if lib.exists() and any(lib.glob("neo4j-5*.jar")):
        return lib
    if shutil.which("mvn") is None:
        raise GraphmodelError("Maven (mvn) is needed to fetch Neo4j; install it or set NEO4J_URI to your server")
    lib.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(
        ["mvn", "-B", "-q", "-f", str(POM), "dependency:copy-dependencies", f"-DoutputDirectory={lib}"],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        shutil.rmtree(lib, ignore_errors=True)
        raise GraphmodelError("Maven could not resolve Neo4j:\n" + (result.stdout + result.stderr)[-2000:])
    return lib


def _write_config(base: Path, bolt_port: int, http_port: int) -> None:
    conf = base / "conf"
    conf.mkdir(parents=True, exist_ok=True)
    for folder in ("logs", "run", "plugins", "import"):
        (base / folder).mkdir(exist_ok=True)
    data_dir(base).mkdir(parents=True, exist_ok=True)
    (conf / "neo4j.conf").write_text(
        "\n".join(
            [
                f"server.bolt.listen_address=127.0.0.1:{bolt_port}",
                f"server.http.listen_address=127.0.0.1:{http_port}",
                "server.https.enabled=false",
                f"server.directories.data={data_dir(base)}",
                f"server.directories.logs={base / 'logs'}",
                f"server.directories.run={base / 'run'}",
                f"server.directories.plugins={base / 'plugins'}",
                f"server.directories.import={base / 'import'}",
                "server.memory.heap.initial_size=512m",
                "server.memory.heap.max_size=2g",
                "server.memory.pagecache.size=512m",
                "dbms.security.auth_enabled=true",
                "db.tx_log.rotation.retention_policy=1 files",
                "",
            ]
        )
    )


def start(*, bolt_port: int = 7687, http_port: int = 7474, timeout: float = 120.0) -> str:
    base = home()
    pid = _running_pid(base)
    if pid:
        return f"Neo4j is already running (pid {pid}, {base})"
    if _port_open(bolt_port):
        raise GraphmodelError(f"port {bolt_port} is in use by another process; stop it or use --bolt-port")
    lib = resolve_jars(base)
    _write_config(base, bolt_port, http_port)
    env = {**os.environ, "NEO4J_HOME": str(base), "NEO4J_CONF": str(base / "conf")}
    classpath = f"{lib}/*"
    if not (data_dir(base) / "dbms" / "auth.ini").exists() and not (data_dir(base) / "databases").exists():
        password = os.environ.get("NEO4J_PASSWORD", DEFAULT_PASSWORD)
        subprocess.run(
            ["java", "-cp", classpath, "org.neo4j.cli.AdminTool", "dbms", "set-initial-password", password],
            env=env,
            check=True,
            capture_output=True,
        )
    log = (base / "logs" / "console.log").open("ab")
    process = subprocess.Popen(
        [
            "java",
            "-Xmx2g",
            "-cp",
            classpath,
            "org.neo4j.server.CommunityEntryPoint",
            f"--home-dir={base}",
            f"--config-dir={base / 'conf'}",
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    _pid_file(base).write_text(str(process.pid))
    deadline = time.time() + timeout
    while time.time() < deadline:
        if process.poll() is not None:
            raise GraphmodelError(f"Neo4j exited with code {process.returncode}; see {base / 'logs' / 'console.log'}")
        if _port_open(bolt_port) and _http_ok(http_port):
            return f"Neo4j started (pid {process.pid}): bolt://127.0.0.1:{bolt_port}, http://127.0.0.1:{http_port}/browser/"
        time.sleep(1)
    raise GraphmodelError(f"Neo4j did not open port {bolt_port} within {timeout:.0f} s; see {base / 'logs'}")


def _http_ok(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def stop(timeout: float = 60.0) -> str:
    base = home()
    pid = _running_pid(base)
    if not pid:
        return "Neo4j is not running"
    os.kill(pid, signal.SIGTERM)
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.5)
    else:
        os.kill(pid, signal.SIGKILL)
    _pid_file(base).unlink(missing_ok=True)
    return f"Neo4j stopped (pid {pid})"


def status() -> str:
    pid = _running_pid(home())
    return f"Neo4j is running (pid {pid}, {home()})" if pid else "Neo4j is not running"
