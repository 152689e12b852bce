"""Run Neo4j Community locally from Maven Central artifacts (no Docker, no Desktop needed).

``start`` resolves ``org.neo4j:neo4j`` (5.26 LTS, which runs on Java 17) and the Neo4j Browser
with Maven once (``pom.xml`` beside this file), writes a config under the home folder
(``.neo4j/`` by default, ``GRAPHMODEL_NEO4J_HOME`` to move it; ``GRAPHMODEL_NEO4J_DATA`` moves
only the database), and launches the server in the background. Bolt listens on 7687 and HTTP on
7474 (``--bolt-port``/``--http-port``) with the Browser at ``/browser/``.

Security: there is no default password. On a new database the initial password is
``NEO4J_PASSWORD`` if set, else a generated one; it is written to ``<home>/password`` (mode 0600)
and handed to Neo4j's admin tool through an ``@file`` argument, so it never appears in a process
list. CORS answers only the Browser's own origin, the Bolt address the Browser is told is the
port actually used, and the ports are recorded in ``<home>/run/ports.json`` for ``load`` and
``query``. ``stop`` signals only a process whose command line shows it is this home's Neo4j.

Beside the server, ``start`` runs a small read-only HTTP process serving the Browser's style and
guide (:mod:`graphmodel.neo4j.browser`) on a free loopback port, and the config tells the
Browser to load them on connect; ``stop`` stops it too.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

from ..errors import GraphmodelError

POM = Path(__file__).with_name("pom.xml")
ENTRY_POINT = "org.neo4j.server.CommunityEntryPoint"
#: Neo4j refuses shorter passwords (dbms.security.auth_minimum_password_length).
MIN_PASSWORD = 8


def home() -> Path:
    """The server's home: ``GRAPHMODEL_NEO4J_HOME``, else the nearest ``.neo4j`` folder in the
    working directory or one of its parents (so a notebook started in ``notebooks/`` finds the
    server that `graphmodel neo4j start` ran at the project's top), else ``./.neo4j``."""
    explicit = os.environ.get("GRAPHMODEL_NEO4J_HOME")
    if explicit:
        return Path(explicit).resolve()
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / ".neo4j" / "conf").is_dir():
            return folder / ".neo4j"
    return here / ".neo4j"


def data_dir(base: Path) -> Path:
    """Database folder: ``GRAPHMODEL_NEO4J_DATA`` or ``<home>/data`` (the test runner points it at
    a fresh temporary folder so the suite starts from an empty graph)."""
    return Path(os.environ.get("GRAPHMODEL_NEO4J_DATA", base / "data")).resolve()


def _pid_file(base: Path) -> Path:
    return base / "run" / "graphmodel-neo4j.pid"


def password_file(base: Path | None = None) -> Path:
    return (base or home()) / "password"


def ports_file(base: Path | None = None) -> Path:
    return (base or home()) / "run" / "ports.json"


def recorded_ports(base: Path | None = None) -> dict | None:
    """{"bolt": port, "http": port} of the last ``start`` in this home, or None."""
    try:
        return json.loads(ports_file(base).read_text())
    except (OSError, ValueError):
        return None


def stored_password(base: Path | None = None) -> str | None:
    try:
        return password_file(base).read_text().strip() or None
    except OSError:
        return None


def _is_our_server(pid: int, base: Path) -> bool:
    """True when ``pid`` is a live Neo4j started with this home (checked on its command line)."""
    try:
        argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return False
    args = [a.decode(errors="replace") for a in argv]
    return ENTRY_POINT in args and f"--home-dir={base}" in args


def _running_pid(base: Path) -> int | None:
    path = _pid_file(base)
    try:
        pid = int(path.read_text().strip() or 0)
    except (OSError, ValueError):
        return None
    if pid <= 0 or not _is_our_server(pid, base):
        # A stale pid file (the server died, or the number now belongs to another process).
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


def _write_config(base: Path, bolt_port: int, http_port: int, site_port: int | None = None) -> None:
    """neo4j.conf for this home; with ``site_port``, the Browser loads the project's style and guide
    from the site served there (:mod:`graphmodel.neo4j.browser`) when it connects."""
    from . import browser

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
                # Only the Browser served by this server may call the HTTP API from a web page.
                f"dbms.security.http_access_control_allow_origin=http://127.0.0.1:{http_port}",
                f"server.bolt.advertised_address=127.0.0.1:{bolt_port}",
                f"server.http.advertised_address=127.0.0.1:{http_port}",
                "db.tx_log.rotation.retention_policy=1 files",
                *(browser.config_lines(site_port) if site_port else []),
                "",
            ]
        )
    )


def _check_password(password: str | None) -> None:
    # Never echo it: the message names the rule, not the value.
    if password is not None and (
        len(password) < MIN_PASSWORD or any(c.isspace() for c in password) or password.startswith(("@", "-"))
    ):
        # Neo4j's admin tool reads the password as an argument: a leading '-' is taken for an option.
        raise GraphmodelError(
            f"NEO4J_PASSWORD must have at least {MIN_PASSWORD} characters, no spaces and no leading '@' or '-'"
        )


def _generated_password() -> str:
    """A random password the admin tool reads as one: url-safe tokens start with '-' one time in
    64, which it would take for an option."""
    while True:
        password = secrets.token_urlsafe(18)
        if not password.startswith("-"):
            return password


def _initial_password(base: Path, classpath: str, env: dict) -> str:
    """Set the password of a new database without putting it on any command line; say where it is."""
    password = os.environ.get("NEO4J_PASSWORD")
    generated = password is None
    if generated:
        password = _generated_password()
    _check_password(password)
    secret = password_file(base)
    secret.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(secret, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(password + "\n")
    os.chmod(secret, 0o600)
    # picocli (Neo4j's admin tool) reads arguments from an @file: the password stays off argv.
    result = subprocess.run(
        ["java", "-cp", classpath, "org.neo4j.cli.AdminTool", "dbms", "set-initial-password", f"@{secret}"],
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        detail = (result.stdout + result.stderr).replace(password, "***").strip().splitlines()
        raise GraphmodelError(f"could not set the initial Neo4j password: {detail[-1] if detail else 'no output'}")
    return "a generated password" if generated else "NEO4J_PASSWORD"


def start(*, bolt_port: int = 7687, http_port: int = 7474, timeout: float = 120.0) -> str:
    base = home()
    pid = _running_pid(base)
    if pid:
        return f"Neo4j is already running (pid {pid}, {base})"
    if bolt_port == http_port:
        raise GraphmodelError("--bolt-port and --http-port must differ")
    for port, option in ((bolt_port, "--bolt-port"), (http_port, "--http-port")):
        if not 0 < port < 65536:
            raise GraphmodelError(f"{option} {port} is not a port number")
        if _port_open(port):
            raise GraphmodelError(f"port {port} is in use by another process; stop it or use {option}")
    _check_password(os.environ.get("NEO4J_PASSWORD"))
    lib = resolve_jars(base)
    from . import browser

    _write_config(base, bolt_port, http_port)  # creates the folders the site writes into
    site_port = browser.start_site(base, f"http://127.0.0.1:{http_port}")
    _write_config(base, bolt_port, http_port, site_port)
    env = {**os.environ, "NEO4J_HOME": str(base), "NEO4J_CONF": str(base / "conf")}
    env.pop("NEO4J_PASSWORD", None)  # the server needs no secret in its environment either
    classpath = f"{lib}/*"
    password_note = ""
    if not (data_dir(base) / "dbms" / "auth.ini").exists() and not (data_dir(base) / "databases").exists():
        source = _initial_password(base, classpath, env)
        password_note = f"; user neo4j, password ({source}) in {password_file(base)}"
    log = (base / "logs" / "console.log").open("ab")
    process = subprocess.Popen(
        ["java", "-Xmx2g", "-cp", classpath, ENTRY_POINT, f"--home-dir={base}", f"--config-dir={base / 'conf'}"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    _pid_file(base).write_text(str(process.pid))
    deadline = time.time() + timeout
    while time.time() < deadline:
        if process.poll() is not None:
            _pid_file(base).unlink(missing_ok=True)
            browser.stop_site(base)
            raise GraphmodelError(f"Neo4j exited with code {process.returncode}; see {base / 'logs' / 'console.log'}")
        if _port_open(bolt_port) and _answers_as_ours(http_port, bolt_port):
            ports = {"bolt": bolt_port, "http": http_port, "pid": process.pid, "site": site_port}
            ports_file(base).write_text(json.dumps(ports) + "\n")
            return (
                f"Neo4j started (pid {process.pid}): bolt://127.0.0.1:{bolt_port}, "
                f"http://127.0.0.1:{http_port}/browser/{password_note}"
            )
        time.sleep(1)
    process.terminate()
    _pid_file(base).unlink(missing_ok=True)
    browser.stop_site(base)
    raise GraphmodelError(
        f"Neo4j did not answer on ports {bolt_port}/{http_port} within {timeout:.0f} s; see {base / 'logs'}"
    )


def _answers_as_ours(http_port: int, bolt_port: int) -> bool:
    """The HTTP discovery document names our Bolt port: the server answering is the one we started."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{http_port}/", timeout=2) as response:
            if response.status != 200:
                return False
            document = json.loads(response.read(65536))
    except (OSError, ValueError):
        return False
    return isinstance(document, dict) and str(document.get("bolt_direct", "")).endswith(f":{bolt_port}")


def stop(timeout: float = 60.0) -> str:
    from . import browser

    base = home()
    browser.stop_site(base)
    path = _pid_file(base)
    recorded = path.read_text().strip() if path.exists() else ""
    pid = _running_pid(base)
    if not pid:
        if recorded:
            return f"Neo4j is not running (the pid file named {recorded}, not this home's Neo4j: left alone)"
        return "Neo4j is not running"
    os.kill(pid, signal.SIGTERM)
    deadline = time.time() + timeout
    while time.time() < deadline:
        if not _is_our_server(pid, base):
            break
        time.sleep(0.5)
    else:
        if _is_our_server(pid, base):
            os.kill(pid, signal.SIGKILL)
    path.unlink(missing_ok=True)
    return f"Neo4j stopped (pid {pid})"


def status() -> str:
    pid = _running_pid(home())
    if not pid:
        return "Neo4j is not running"
    ports = recorded_ports() or {}
    where = f", bolt://127.0.0.1:{ports['bolt']}" if "bolt" in ports else ""
    return f"Neo4j is running (pid {pid}, {home()}{where})"
