"""What the Neo4j Browser shows on connect: a graph style (GraSS) and a guide to the 2025 story.

``graphmodel neo4j start`` writes both into ``<home>/browser/`` and serves that folder from a small
HTTP process on 127.0.0.1 (a free port, recorded in ``<home>/run/ports.json``). The server's
config then tells the Browser to load them when it connects (``browser.post_connect_cmd``) and
allows that host for remote content (``browser.remote_content_hostname_whitelist``, the
name Neo4j 5.26 declares; the Browser calls it its allowlist): the Browser
fetches a style or a guide only from an allowed host, with a cross-origin request that the site
answers for the Browser's own origin only.

GraSS selects by label, never by a property value, so the loaders give nodes style labels: the UN
regional group (``WesternEuropean``...) colours Country and CountryInWindow nodes, and ``Hub``
(the best-connected tenth of a window's backbone) draws a per-window node larger.
"""

from __future__ import annotations

import html
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

from ..errors import GraphmodelError
from . import loader

STYLE_FILE = "graphmodel.grass"
GUIDE_FILE = "guide.html"
MODULE = "graphmodel.neo4j.browser"

#: Okabe & Ito (2008) colour-blind-safe palette, one colour per UN regional group.
REGION_COLOURS = {
    "African": "#E69F00",
    "AsiaPacific": "#009E73",
    "EasternEuropean": "#D55E00",
    "LatinAmerican": "#CC79A7",
    "WesternEuropean": "#0072B2",
    "NoGroup": "#999999",
}


def _rule(selector: str, **props) -> str:
    body = "".join(f"  {key.replace('_', '-')}: {value};\n" for key, value in props.items())
    return f"{selector} {{\n{body}}}\n"


def style() -> str:
    """The GraSS stylesheet: ISO3 captions, region colours, hubs larger, blocs named with their window.

    Later rules win for a node with several labels, so the region colours and the Hub size come
    after the base rules of Country and CountryInWindow.

    >>> "caption: '{iso3}'" in style() and "node.Hub" in style()
    True
    """
    rules = [
        _rule(
            "node",
            diameter="30px",
            color="#A5ABB6",
            border_color="#9AA1AC",
            border_width="1px",
            text_color_internal="#FFFFFF",
            font_size="9px",
            caption="'{id}'",
        ),
        _rule(
            "relationship",
            color="#C8CCD2",
            shaft_width="1px",
            font_size="8px",
            padding="2px",
            text_color_external="#000000",
            text_color_internal="#FFFFFF",
            caption="''",
        ),
        _rule("node.Country", diameter="34px", caption="'{iso3}'"),
        _rule("node.CountryInWindow", diameter="26px", caption="'{iso3}'"),
        _rule(
            "node.Bloc",
            diameter="70px",
            color="#F2F2F2",
            border_color="#444444",
            border_width="2px",
            text_color_internal="#222222",
            font_size="10px",
            caption="'{caption}'",
        ),
        _rule(
            "node.RollCall",
            diameter="60px",
            color="#FFE08A",
            border_color="#B38F00",
            text_color_internal="#222222",
            caption="'{symbol}'",
        ),
        _rule("node.Session", diameter="40px", color="#DDDDDD", text_color_internal="#222222", caption="'{number}'"),
        _rule("node.Group", diameter="50px", color="#EEEEEE", text_color_internal="#222222", caption="'{name}'"),
        *[_rule(f"node.{label}", color=colour, border_color=colour) for label, colour in REGION_COLOURS.items()],
        _rule("node.Hub", diameter="44px", font_size="11px", border_color="#000000", border_width="3px"),
        _rule("relationship.VOTED", caption="'{vote}'", color="#888888"),
        _rule("relationship.ALIGNED_WITH", color="#B5BAC2", shaft_width="1px"),
        _rule("relationship.MEMBER_OF", color="#D5D8DC"),
        _rule("relationship.IN_BLOC", color="#D5D8DC"),
        *[
            _rule(f"relationship.{rel}", shaft_width="2px", color="#666666", caption="'<type>'")
            for rel in ("CONTINUES_AS", "SPLITS_INTO", "MERGES_INTO")
        ],
    ]
    return "".join(rules)


def _literal(value) -> str:
    """A Cypher literal for a preset value (strings double-quoted, JSON escapes are Cypher's)."""
    return json.dumps(value)


def inline(path: Path, **overrides) -> str:
    """A library query with its ``:params`` preset (and ``overrides``) written in as literals, so a
    guide's code block runs with one click.

    >>> from graphmodel.paths import cypher_dir
    >>> '{symbol: "A/RES/ES-11/7"}' in inline(cypher_dir() / "who_voted_with.cypher")
    True
    """
    text, preset = loader.read_query(path)
    params = {**(preset or {}), **overrides}
    return re.sub(r"\$(\w+)", lambda m: _literal(params[m.group(1)]) if m.group(1) in params else m.group(0), text)


#: The walk-through: (title, what it shows, queries). A query is a library file name with its
#: overrides (a table), or literal Cypher returning nodes (a graph view, sized to draw quickly: the
#: test times each one in a real Browser).
RUN = 'analysis: "GA by session", index: "agree"'
#: One session's blocs with all their members: the query that froze the Browser before the
#: per-window model. It draws now, but slower than the walk-through's other graphs (README).
ALL_BLOCS = f'MATCH (c:Country)-[m:MEMBER_OF]->(b:Bloc {{{RUN}, window: "80"}}) RETURN c, m, b'
WALK = [
    (
        "24 February 2025: one vote",
        "Resolution ES-11/7 on Ukraine was adopted 93-18-65. The No list holds both the United States "
        "and Russia. The first query tabulates every vote against the US and Russian choices; the "
        "second draws the No voters.",
        [
            ("who_voted_with.cypher", {}),
            'MATCH (c:Country)-[v:VOTED {vote: "N"}]->(r:RollCall {symbol: "A/RES/ES-11/7"}) RETURN c, v, r',
        ],
    ),
    (
        "The same day in the Security Council",
        "S/RES/2774: the permanent members split. China, Russia and the United States vote Yes; "
        "France and the United Kingdom abstain.",
        [("p5_split_resolutions.cypher", {"body": "SC", "from": "2025-02-24", "to": "2025-02-24"})],
    ),
    (
        "The blocs of session 80",
        "The bloc of the United States in GA session 80 (from September 2025), its members coloured "
        "by UN regional group; bloc captions name the session. Then every bloc and its members as a "
        "table; last, every bloc with all its members, which draws more slowly (see the project README).",
        [
            f'MATCH (:Country {{iso3: "USA"}})-[:MEMBER_OF]->(b:Bloc {{{RUN}, window: "80"}})<-[m:MEMBER_OF]-(c:Country) '
            "RETURN c, m, b",
            ("session_blocs.cypher", {}),
            ALL_BLOCS,
        ],
    ),
    (
        "Where the blocs of session 79 went",
        "Bloc lineage from session 79 to session 80: continuations, splits and merges, with the "
        "Jaccard overlap of the memberships on each arrow.",
        [
            f'MATCH p = (:Bloc {{{RUN}, window: "79"}})-[:CONTINUES_AS|SPLITS_INTO|MERGES_INTO]->'
            f'(:Bloc {{{RUN}, window: "80"}}) RETURN p',
        ],
    ),
    (
        "The hubs of session 80",
        "One node per country and session (CountryInWindow); its relationships are that session's "
        "backbone edges only, each country's strongest ties. The best-connected tenth (Hub) and the "
        "ties among them.",
        [f'MATCH (h:Hub {{{RUN}, window: "80"}}) RETURN h'],
    ),
    (
        "The US and its partners",
        "Closest and furthest partners of the United States in session 80, from the whole agreement "
        "row kept on its CountryInWindow node; then its backbone neighbourhood.",
        [
            ("closest_partners.cypher", {}),
            f'MATCH (u:CountryInWindow {{{RUN}, window: "80", iso3: "USA"}})-[r:ALIGNED_WITH]-(p) RETURN u, r, p',
        ],
    ),
    (
        "US-Russia agreement over eight decades",
        "Agreement of the United States and Russia (the USSR before 1992) in every GA session.",
        [("pair_trajectory.cypher", {})],
    ),
    (
        "Who moved",
        "Countries that changed bloc between sessions 79 and 80, then Poland's path across all sessions.",
        [("bloc_switchers.cypher", {"from": "79", "to": "80"}), ("country_blocs.cypher", {})],
    ),
    (
        "A bridge from Washington to Pyongyang",
        "The shortest chain of backbone ties from the United States to North Korea in session 80.",
        [
            f'MATCH (x:CountryInWindow {{{RUN}, window: "80", iso3: "USA"}}), '
            f'(y:CountryInWindow {{{RUN}, window: "80", iso3: "PRK"}}) '
            "MATCH p = shortestPath((x)-[:ALIGNED_WITH*..12]-(y)) RETURN p",
        ],
    ),
    (
        "Check a number",
        "US-Russia agreement since 20 January 2025 computed straight from the votes; the Python "
        "agree index on the same roll calls gives the same value.",
        [("agreement_from_votes.cypher", {})],
    ),
]


def walk_queries() -> list[tuple[str, str]]:
    """Every query of the guide as (slide title, Cypher), in order."""
    from ..paths import cypher_dir

    out = []
    for title, _, queries in WALK:
        for query in queries:
            text = inline(cypher_dir() / query[0], **query[1]) if isinstance(query, tuple) else query
            out.append((title, text.strip().rstrip(";")))
    return out


def graph_queries() -> list[str]:
    """The walk-through queries that return nodes (drawn as a graph in the Browser), but
    :data:`ALL_BLOCS`.

    >>> len(graph_queries())
    6
    """
    return [query for _, _, queries in WALK for query in queries if isinstance(query, str) and query != ALL_BLOCS]


def guide() -> str:
    """The guide as the Browser's HTML slides (``:play URL``): one slide per step of :data:`WALK`,
    each query a click-to-edit code block."""
    titles = {}
    for title, text in walk_queries():
        titles.setdefault(title, []).append(text)
    slides = []
    for number, (title, story, _) in enumerate(WALK, 1):
        blocks = "".join(f'<pre class="code runnable">{html.escape(query)}</pre>\n' for query in titles[title])
        slides.append(
            f'<slide class="row-fluid">\n<div class="col-sm-3"><h3>{number}. {html.escape(title)}</h3>\n'
            f'<p class="lead">{html.escape(story)}</p></div>\n<div class="col-sm-9">\n'
            f"<p>Click a query to put it in the editor, then run it.</p>\n{blocks}</div>\n</slide>\n"
        )
    return (
        '<article class="guide">\n<carousel class="deck container-fluid">\n'
        + "".join(slides)
        + "</carousel>\n</article>\n"
    )


def write_site(folder: Path) -> Path:
    """Write the style and the guide into ``folder`` (atomically, file by file)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in ((STYLE_FILE, style()), (GUIDE_FILE, guide())):
        tmp = folder / f".{name}.tmp"
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, folder / name)
    return folder


def _pid_file(base: Path) -> Path:
    return base / "run" / "graphmodel-browser-site.pid"


def _is_ours(pid: int, base: Path) -> bool:
    try:
        args = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return False
    args = [a.decode(errors="replace") for a in args]
    return MODULE in args and str(base / "browser") in args


def start_site(base: Path, origin: str, timeout: float = 20.0) -> int:
    """Serve ``<base>/browser`` on a free 127.0.0.1 port in a background process; return the port."""
    stop_site(base)
    folder = write_site(base / "browser")
    port_file = base / "run" / "browser-site.port"
    port_file.parent.mkdir(parents=True, exist_ok=True)
    port_file.unlink(missing_ok=True)
    process = subprocess.Popen(
        [sys.executable, "-m", MODULE, str(folder), origin, str(port_file)],
        stdout=subprocess.DEVNULL,
        stderr=(base / "logs" / "browser-site.log").open("ab") if (base / "logs").is_dir() else subprocess.DEVNULL,
        start_new_session=True,
    )
    _pid_file(base).write_text(str(process.pid))
    deadline = time.time() + timeout
    while time.time() < deadline:
        if process.poll() is not None:
            raise GraphmodelError(f"the Browser style/guide server exited with code {process.returncode}")
        try:
            return int(port_file.read_text())
        except (OSError, ValueError):
            time.sleep(0.1)
    process.terminate()
    raise GraphmodelError("the Browser style/guide server did not start")


def stop_site(base: Path) -> None:
    """Stop this home's style/guide server, if one runs (checked on its command line)."""
    path = _pid_file(base)
    try:
        pid = int(path.read_text().strip())
    except (OSError, ValueError):
        return
    if _is_ours(pid, base):
        os.kill(pid, signal.SIGTERM)
        for _ in range(50):
            if not _is_ours(pid, base):
                break
            time.sleep(0.1)
    path.unlink(missing_ok=True)


def config_lines(port: int) -> list[str]:
    """neo4j.conf lines that make the Browser load the style and open the guide on connect."""
    site = f"http://127.0.0.1:{port}"
    return [
        f"browser.post_connect_cmd=style {site}/{STYLE_FILE}; play {site}/{GUIDE_FILE}",
        # Neo4j 5.26 declares the setting under its old name (the Browser reads it as its allowlist);
        # host names only, ports are not compared: the site listens on loopback alone.
        "browser.remote_content_hostname_whitelist=127.0.0.1",
    ]


def serve(folder: str, origin: str, port_file: str) -> None:
    """Serve ``folder`` read-only on a free loopback port, answering cross-origin requests from
    ``origin`` (the Browser's own address) only; write the port to ``port_file`` once listening."""
    import functools
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    class Handler(SimpleHTTPRequestHandler):
        def end_headers(self):
            if self.headers.get("Origin") == origin:
                self.send_header("Access-Control-Allow-Origin", origin)
            self.send_header("Cache-Control", "no-store")
            super().end_headers()

        def do_OPTIONS(self):
            # The Browser's fetch is preflighted: allow a GET from its origin, with the headers it asks for.
            self.send_response(204 if self.headers.get("Origin") == origin else 403)
            if self.headers.get("Origin") == origin:
                self.send_header("Access-Control-Allow-Methods", "GET, HEAD")
                asked = self.headers.get("Access-Control-Request-Headers")
                if asked:
                    self.send_header("Access-Control-Allow-Headers", asked)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def list_directory(self, path):  # no listings: only the two files are meant to be read
            self.send_error(404)
            return None

        def log_message(self, format, *args):  # a background process: keep the log quiet
            pass

    Handler.extensions_map = {**Handler.extensions_map, ".grass": "text/plain; charset=utf-8"}
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=folder))
    tmp = Path(port_file).with_suffix(".tmp")
    tmp.write_text(str(httpd.server_address[1]))
    os.replace(tmp, port_file)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    httpd.serve_forever()


if __name__ == "__main__":
    serve(*sys.argv[1:4])
