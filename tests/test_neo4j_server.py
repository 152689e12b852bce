"""The local Neo4j server and the query runner: secrets, ports, stop safety, one-line errors."""

import json
import os
import socket
import subprocess
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from graphmodel.errors import GraphmodelError
from graphmodel.neo4j import loader, server

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture()
def temp_home(tmp_path, monkeypatch):
    monkeypatch.setenv("GRAPHMODEL_NEO4J_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("GRAPHMODEL_NEO4J_DATA", str(tmp_path / "home" / "data"))
    (tmp_path / "home" / "run").mkdir(parents=True)
    return tmp_path / "home"


def test_stop_leaves_a_foreign_process_alone(temp_home):
    other = subprocess.Popen(["sleep", "30"])
    try:
        (temp_home / "run" / "graphmodel-neo4j.pid").write_text(str(other.pid))
        assert "left alone" in server.stop()
        assert other.poll() is None
        assert server.status() == "Neo4j is not running"
    finally:
        other.kill()
        other.wait()


def test_start_checks_both_ports_and_the_password_first(temp_home, monkeypatch):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(
            GraphmodelError, match=f"port {port} is in use by another process; stop it or use --http-port"
        ):
            server.start(bolt_port=port + 1 if port < 65535 else port - 1, http_port=port)
    monkeypatch.setenv("NEO4J_PASSWORD", "short")
    with pytest.raises(GraphmodelError, match="at least 8 characters") as info:
        server.start(bolt_port=7791, http_port=7792)
    assert "short" not in str(info.value)


def test_connect_without_a_password_says_where_it_would_be(temp_home, monkeypatch):
    monkeypatch.delenv("NEO4J_PASSWORD", raising=False)
    monkeypatch.delenv("NEO4J_URI", raising=False)
    (temp_home / "run" / "ports.json").write_text(json.dumps({"bolt": 7799, "http": 7798}))
    assert loader.default_uri() == "bolt://127.0.0.1:7799"
    with pytest.raises(GraphmodelError, match=f"no Neo4j password: .* {temp_home / 'password'}"):
        loader.connect()


def test_statements_and_parameter_types(tmp_path):
    assert loader.split_statements("CREATE (a {x: 'a;b'});\n// c; d\nRETURN \"; \" AS s;\n\n") == [
        "CREATE (a {x: 'a;b'})",
        'RETURN "; " AS s',
    ]
    schema = (ROOT / "cypher" / "schema.cypher").read_text()
    statements = loader.split_statements(schema)
    # one statement per CREATE in the schema file, none of them empty or cut at a ';' in a comment
    assert len(statements) == schema.count("CREATE ") >= 9 and all(s.startswith("CREATE ") for s in statements)
    assert loader.coerce("79", "80", "window") == "79"
    assert loader.coerce(79, "80", "window") == "79"  # a CLI that parsed it as JSON already
    assert loader.coerce("12", 10, "limit") == 12
    assert loader.coerce('["USA","RUS"]', ["FRA"], "codes") == ["USA", "RUS"]
    assert loader.coerce("79", None, "x") == 79 and loader.coerce("USA", None, "x") == "USA"
    with pytest.raises(GraphmodelError, match="parameter limit='ten': expected int like the preset"):
        loader.coerce("ten", 10, "limit")
    mine = tmp_path / "mine.cypher"
    mine.write_text("MATCH (c:Country {iso3: $iso3}) RETURN c.name AS name LIMIT $limit")
    with pytest.raises(GraphmodelError, match=r"mine.cypher needs parameter\(s\) iso3, limit: pass -p"):
        loader.run_file(None, mine)
    with pytest.raises(GraphmodelError, match="mine.cypher needs parameter"):
        loader.run_file(None, mine, iso3="USA")


def _running_driver():
    try:
        return loader.connect()
    except GraphmodelError as exc:
        pytest.skip(f"no Neo4j server: {exc}")


@pytest.mark.neo4j
def test_server_side_failures_are_one_line(tmp_path):
    driver = _running_driver()
    try:
        for query, message in [
            ("MATCH (n RETURN n", r"Neo4j Neo.ClientError.Statement.SyntaxError: Invalid input"),
            ("RETURN $x AS x", r"Expected parameter\(s\): x \(pass it with -p KEY=VALUE\)"),
        ]:
            with pytest.raises(GraphmodelError, match=message) as info:
                loader.run(driver, query)
            assert "\n" not in str(info.value)
        typed = tmp_path / "typed.cypher"
        typed.write_text(
            '// :params {window: "80", n: 1}\nRETURN $window AS w, valueType($window) AS t, $n + 1 AS n;\n'
        )
        row = loader.run_file(driver, typed, window="79", n="2")[0]
        assert (row["w"], row["t"], row["n"]) == ("79", "STRING NOT NULL", 3)
        bare = tmp_path / "bare.cypher"
        bare.write_text("RETURN $a AS a;\nRETURN $b AS b;")
        assert loader.run_file(driver, bare, a="1", b="x")[0]["b"] == "x"
        records = loader.run_file(driver, ROOT / "cypher" / "schema.cypher")
        assert records == []
        broken = tmp_path / "broken.cypher"
        broken.write_text("RETURN 1;\nRETURN (;")
        with pytest.raises(GraphmodelError, match=r"broken.cypher \(statement 2 of 2\): Neo4j .*SyntaxError"):
            loader.run_file(driver, broken)
    finally:
        driver.close()


@pytest.mark.neo4j
def test_wrong_passwords_and_rate_limit_are_one_line():
    driver = _running_driver()
    uri = loader.default_uri()
    driver.close()
    for _ in range(4):
        with pytest.raises(GraphmodelError, match="refused user 'neo4j'") as info:
            loader.connect(uri, password="wrong-password-123")
        assert "wrong-password-123" not in str(info.value)
    time.sleep(6)  # Neo4j locks the user for 5 s after 3 failures; the next test must connect


@pytest.mark.neo4j
def test_cors_answers_only_the_browser_origin():
    ports = server.recorded_ports()
    if not ports or os.environ.get("NEO4J_URI"):
        pytest.skip("not the project's own server")
    request = urllib.request.Request(
        f"http://127.0.0.1:{ports['http']}/db/neo4j/tx/commit",
        method="OPTIONS",
        headers={"Origin": "http://evil.example", "Access-Control-Request-Method": "POST"},
    )
    with urllib.request.urlopen(request, timeout=5) as response:
        allowed = response.headers.get("Access-Control-Allow-Origin")
    assert allowed == f"http://127.0.0.1:{ports['http']}"
    with urllib.request.urlopen(f"http://127.0.0.1:{ports['http']}/", timeout=5) as response:
        assert json.loads(response.read())["bolt_direct"] == f"bolt://127.0.0.1:{ports['bolt']}"


@pytest.mark.neo4j
def test_initial_password_never_on_a_command_line(temp_home, monkeypatch):
    lib = Path(os.environ.get("GRAPHMODEL_NEO4J_LIB", ROOT / ".neo4j" / "lib"))
    if not any(lib.glob("neo4j-5*.jar")):
        pytest.skip(f"no Neo4j jars in {lib} (set GRAPHMODEL_NEO4J_LIB)")
    monkeypatch.delenv("NEO4J_PASSWORD", raising=False)
    server._write_config(temp_home, 7793, 7794)
    env = {**os.environ, "NEO4J_HOME": str(temp_home), "NEO4J_CONF": str(temp_home / "conf")}
    seen, done = [], threading.Event()

    def watch():
        while not done.is_set():
            for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
                try:
                    seen.append(cmdline.read_bytes())
                except OSError:
                    pass
            time.sleep(0.02)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        server._initial_password(temp_home, f"{lib}/*", env)
    finally:
        done.set()
        watcher.join()
    password = server.stored_password(temp_home)
    assert len(password) >= 20
    assert oct(server.password_file(temp_home).stat().st_mode & 0o777) == "0o600"
    assert (temp_home / "data" / "dbms" / "auth.ini").exists()
    assert any(b"set-initial-password" in c for c in seen)
    assert not any(password.encode() in c for c in seen)


def test_home_is_found_from_a_subfolder(tmp_path, monkeypatch):
    """A notebook kernel runs in notebooks/: it must find the server started at the project's top."""
    monkeypatch.delenv("GRAPHMODEL_NEO4J_HOME", raising=False)
    (tmp_path / ".neo4j" / "conf").mkdir(parents=True)
    (tmp_path / "notebooks").mkdir()
    monkeypatch.chdir(tmp_path / "notebooks")
    assert server.home() == (tmp_path / ".neo4j").resolve()
    monkeypatch.setenv("GRAPHMODEL_NEO4J_HOME", str(tmp_path / "elsewhere"))
    assert server.home() == (tmp_path / "elsewhere").resolve()


def test_a_password_the_admin_tool_would_read_as_an_option_is_refused_or_never_generated(monkeypatch):
    # picocli takes a leading '-' for an option: `neo4j start` failed with a usage text whenever
    # secrets.token_urlsafe drew one (1 in 64).
    with pytest.raises(GraphmodelError, match="no leading '@' or '-'") as error:
        server._check_password("-Abcdefghijk")
    assert "Abcdefghijk" not in str(error.value)
    draws = iter(["-first-draw-starts-with-a-dash", "second-draw-is-fine"])
    monkeypatch.setattr(server.secrets, "token_urlsafe", lambda n: next(draws))
    assert server._generated_password() == "second-draw-is-fine"
