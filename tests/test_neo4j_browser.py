"""The Neo4j Browser as a researcher meets it, against the real server: the style and the guide
are served and configured to load on connect, the graph model keeps one window's view free of other
windows' edges, and in a headless Chromium (Debian's ``chromium`` and ``chromium-driver``) the
Browser logs in over Bolt, applies the style, opens the guide and draws every walk-through query's
graph view within 5 s with its default settings."""

import os
import shutil
import time
import urllib.request
from pathlib import Path

import pytest

from graphmodel.neo4j import browser, loader, server

pytestmark = pytest.mark.neo4j
#: Walk-through queries that return nodes, so the Browser draws them as a graph.
GRAPH_QUERIES = browser.graph_queries()
DRAW_LIMIT = 5.0


@pytest.fixture(scope="module")
def ports(neo4j_driver):
    recorded = server.recorded_ports() or {}
    if not recorded.get("site"):
        pytest.skip("the server was not started by `graphmodel neo4j start` here (no style/guide site recorded)")
    return recorded


def _get(url, method="GET", **headers):
    request = urllib.request.Request(url, method=method, headers=headers)
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, dict(response.headers), response.read().decode()


def test_style_and_guide_are_served(ports):
    origin = f"http://127.0.0.1:{ports['http']}"
    site = f"http://127.0.0.1:{ports['site']}"
    status, headers, text = _get(f"{site}/{browser.STYLE_FILE}", Origin=origin)
    assert status == 200 and headers["Access-Control-Allow-Origin"] == origin
    assert text == browser.style() and "caption: '{iso3}'" in text and "node.Hub" in text
    # The Browser preflights its fetch of a guide; only its own origin is answered.
    status, headers, _ = _get(
        f"{site}/{browser.GUIDE_FILE}", method="OPTIONS", Origin=origin, **{"Access-Control-Request-Method": "GET"}
    )
    assert status == 204 and headers["Access-Control-Allow-Origin"] == origin
    status, headers, text = _get(f"{site}/{browser.GUIDE_FILE}", Origin="http://evil.example")
    assert "Access-Control-Allow-Origin" not in headers
    assert text.count("<slide") == len(browser.WALK) and "A/RES/ES-11/7" in text
    with pytest.raises(urllib.error.HTTPError):
        _get(f"{site}/")  # no directory listing


def test_browser_is_told_to_load_them(neo4j_driver, ports):
    """The settings the Browser reads after login (dbms.clientConfig) carry the post-connect commands."""
    settings = {r["name"]: r["value"] for r in loader.run(neo4j_driver, "CALL dbms.clientConfig()")}
    site = f"http://127.0.0.1:{ports['site']}"
    assert settings["browser.post_connect_cmd"] == (
        f"style {site}/{browser.STYLE_FILE}; play {site}/{browser.GUIDE_FILE}"
    )
    assert settings["browser.remote_content_hostname_whitelist"] == "127.0.0.1"


def _drawn(driver, query):
    """Node and relationship ids the Browser's graph view holds for ``query``: what it returns plus
    every relationship among the returned nodes (its "connect result nodes" setting, on by default)."""
    from neo4j.graph import Node, Path, Relationship

    nodes, rels = set(), set()
    with driver.session(database=loader.database()) as session:
        for record in session.run(query):
            for value in record.values():
                items = [*value.nodes, *value.relationships] if isinstance(value, Path) else [value]
                nodes |= {item.element_id for item in items if isinstance(item, Node)}
                rels |= {item.element_id for item in items if isinstance(item, Relationship)}
        connected = session.run(
            "MATCH (a)-[r]->(b) WHERE elementId(a) IN $ids AND elementId(b) IN $ids RETURN elementId(r) AS r",
            ids=sorted(nodes),
        )
        rels |= {r["r"] for r in connected}
    return nodes, rels


def test_one_window_view_holds_only_that_window(neo4j_driver):
    """The query that froze the Browser (877,723 ALIGNED_WITH rows fetched across 79 windows) now
    draws one node per country and bloc and only that window's memberships."""
    nodes, rels = _drawn(neo4j_driver, 'MATCH (c:Country)-[m:MEMBER_OF]->(b:Bloc {window: "80"}) RETURN c, m, b')
    members = loader.run(
        neo4j_driver,
        'MATCH (c:Country)-[m:MEMBER_OF]->(b:Bloc {window: "80"}) RETURN count(m) AS n, count(DISTINCT b) AS b',
    )[0]
    assert len(rels) == members["n"] and len(nodes) == members["n"] + members["b"]
    for query in GRAPH_QUERIES:
        nodes, rels = _drawn(neo4j_driver, query)
        assert 0 < len(nodes) <= 300, query  # the Browser's default initial node display
        assert len(rels) < 5_000, query


# --- headless Chromium ------------------------------------------------------------------------

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")


@pytest.fixture(scope="module")
def chrome(ports):
    if not CHROMIUM or not CHROMEDRIVER:
        pytest.skip(
            "headless Chromium needs Debian's chromium and chromium-driver (apt-get install -y chromium chromium-driver)"
        )
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium (the test extra) is not installed")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1600,1000"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


def _wait(predicate, timeout, step=0.1):
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(step)
    return predicate()


def _testid(chrome, name):
    from selenium.webdriver.common.by import By

    return chrome.find_elements(By.CSS_SELECTOR, f'[data-testid="{name}"]')


def _counts(chrome):
    """Nodes and relationships drawn in the newest result frame's graph view."""
    return chrome.execute_script(
        """const frame = document.querySelector('[data-testid="frame"]');
           if (!frame) return [0, 0];
           return [frame.querySelectorAll('svg g.node').length, frame.querySelectorAll('svg g.relationship').length];"""
    )


def _run(chrome, query):
    from selenium.webdriver.common.keys import Keys

    editor = _testid(chrome, "activeEditor")[0]
    editor.click()
    area = editor.find_element("css selector", "textarea")
    area.send_keys(Keys.CONTROL, "a")
    area.send_keys(Keys.DELETE)
    area.send_keys(query)
    started = time.perf_counter()
    _testid(chrome, "editor-Run")[0].click()
    return started


@pytest.fixture(scope="module")
def logged_in(chrome, ports, neo4j_driver):
    password = server.stored_password()
    if not password:
        pytest.skip(f"no generated password in {server.password_file()} (server started with NEO4J_PASSWORD)")
    chrome.get(
        f"http://127.0.0.1:{ports['http']}/browser/?dbms=bolt://neo4j@127.0.0.1:{ports['bolt']}"
        "&preselectAuthMethod=NATIVE"
    )
    assert _wait(lambda: _testid(chrome, "password"), 60), "no login form"
    _testid(chrome, "password")[0].send_keys(password)
    _testid(chrome, "connect")[0].click()
    commands = lambda: [e.get_attribute("textContent") for e in _testid(chrome, "frameCommand")]  # noqa: E731
    # The Browser's own `:play start` comes first; the project's guide is the last post-connect command.
    assert _wait(lambda: any(c.startswith(":play http://127.0.0.1:") for c in commands()), 90), commands()
    return chrome


def test_login_applies_style_and_opens_guide(logged_in):
    chrome = logged_in
    # Both post-connect commands ran: the style frame shows the project's rules, the guide its first slide.
    commands = [e.get_attribute("textContent") for e in _testid(chrome, "frameCommand")]
    assert any(c.startswith(":style http://127.0.0.1:") for c in commands), commands
    first = browser.WALK[0][0]
    assert _wait(lambda: first in chrome.find_element("tag name", "body").text, 30), "guide not rendered"
    errors = [e["message"] for e in chrome.get_log("browser") if e["level"] == "SEVERE"]
    assert not [m for m in errors if "guide.html" in m or "graphmodel.grass" in m], errors


def _draw(chrome, driver, query):
    """Seconds from pressing Run until the newest frame's graph holds every node and relationship
    the Browser should draw (None if not within 60 s)."""
    nodes, rels = _drawn(driver, query)
    started = _run(chrome, query)
    drawn = _wait(lambda: _counts(chrome) == [len(nodes), len(rels)] and time.perf_counter(), 60, step=0.05)
    return (drawn - started if drawn else None), len(nodes), len(rels)


@pytest.fixture(scope="module")
def floor(logged_in, neo4j_driver):
    """The Browser's own time to draw one node here (Bolt round trips, its bookkeeping queries,
    React), measured in the same session: the share of a draw that no graph model can remove,
    and what a loaded machine inflates (2 cores shared by several servers here)."""
    times = [_draw(logged_in, neo4j_driver, 'MATCH (c:Country {iso3: "USA"}) RETURN c')[0] for _ in range(3)]
    assert all(t is not None for t in times), "a single node was not drawn"
    return sorted(times)[1]


@pytest.mark.parametrize("query", GRAPH_QUERIES)
def test_walkthrough_graph_draws_fast(logged_in, neo4j_driver, floor, query, tmp_path_factory):
    """Each walk-through graph draws, with the Browser's default settings (connect result nodes on),
    in under 5 s beyond the time it takes to draw a single node in the same session."""
    chrome = logged_in
    seconds, nodes, rels = _draw(chrome, neo4j_driver, query)
    assert seconds is not None, f"drew {_counts(chrome)} of {nodes} nodes, {rels} relationships: {query}"
    folder = Path(os.environ.get("GRAPHMODEL_SCREENSHOTS") or tmp_path_factory.mktemp("browser"))
    shot = folder / f"browser_{GRAPH_QUERIES.index(query) + 1}.png"
    chrome.save_screenshot(str(shot))
    assert shot.stat().st_size > 20_000
    print(f"\n{seconds:.2f} s (one node: {floor:.2f} s), {nodes} nodes, {rels} relationships: {query[:60]} -> {shot}")
    assert seconds - floor < DRAW_LIMIT, f"{seconds:.1f} s (one node {floor:.1f} s) to draw {query}"


def test_all_blocs_of_a_session_draw(logged_in, neo4j_driver, floor):
    """The query that froze the Browser (issue 15) draws every bloc and member; it is slower than
    the walk-through's graphs because the Browser's "connect result nodes" query expands every
    outgoing relationship of each country, its ~6,000 VOTED included. Timed and reported here."""
    seconds, nodes, rels = _draw(logged_in, neo4j_driver, browser.ALL_BLOCS)
    assert seconds is not None, f"drew {_counts(logged_in)} of {nodes} nodes, {rels} relationships"
    print(f"\nall blocs of session 80: {seconds:.2f} s (one node: {floor:.2f} s), {nodes} nodes, {rels} relationships")
