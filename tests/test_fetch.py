"""`data fetch` against a local HTTP server that misbehaves in every way the issue lists."""

import http.server
import threading
import time

import pytest
from fixtures import write_ga_csv
from test_store import subset

from graphmodel.dataset import load_dataset, save_dataset
from graphmodel.errors import GraphmodelError, InputError
from graphmodel.fetch import FetchError, fetch, fetch_and_import


@pytest.fixture(scope="module")
def server(dataset, tmp_path_factory):
    good = write_ga_csv(dataset, "A/RES/ES-11/7", tmp_path_factory.mktemp("served") / "ga.csv").read_bytes()
    header = good.split(b"\n", 1)[0] + b"\n"

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def send(self, body, length=None, chunked=False, status=200, headers=()):
            self.send_response(status)
            for k, v in headers:
                self.send_header(k, v)
            if chunked:
                self.send_header("Transfer-Encoding", "chunked")
            else:
                self.send_header("Content-Length", str(len(body) if length is None else length))
            self.send_header("Connection", "close")
            self.end_headers()
            if chunked:
                self.wfile.write(f"{len(body):x}\r\n".encode() + body + b"\r\n")  # no final 0-chunk: cut
            else:
                self.wfile.write(body)
            self.wfile.flush()

        def do_GET(self):
            path = self.path
            if path == "/ga.csv":
                self.send(good)
            elif path == "/half.csv":
                self.send(good[: len(good) // 2], length=len(good))
            elif path == "/html.csv":
                self.send(header + b"<html><body>Service unavailable</body></html>\n")
            elif path == "/huge.csv":
                self.send(b"", length=500 * 2**20)
            elif path == "/chunked.csv":
                self.send(good[:5000], chunked=True)
            elif path == "/drip.csv":
                self.send_response(200)
                self.send_header("Content-Length", str(len(good)))
                self.end_headers()
                for i in range(0, len(good), 200):
                    self.wfile.write(good[i : i + 200])
                    self.wfile.flush()
                    time.sleep(0.05)
            elif path == "/to-file":
                self.send(b"", status=302, headers=[("Location", "file:///etc/passwd")])
            else:
                self.send(b"not found", status=404)

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()


def no_leftovers(folder):
    return [p.name for p in folder.iterdir() if p.name.endswith(".part")] == []


def test_good_download(server, tmp_path):
    out = fetch(f"{server}/ga.csv", tmp_path / "ga.csv")
    assert out.read_bytes().startswith(b"undl_id,")
    assert no_leftovers(tmp_path)


@pytest.mark.parametrize(
    "path, error, message",
    [
        ("/half.csv", FetchError, r"got \d+ bytes of the \d+ announced|closed early"),
        ("/html.csv", InputError, r"not a usable UN DL voting file \(line 2\): expected 20 fields"),
        ("/huge.csv", FetchError, r"524288000 bytes announced, more than the cap"),
        ("/chunked.csv", FetchError, r"could not download|closed early"),
        ("/missing.csv", FetchError, r"HTTP 404"),
        (
            "/to-file",
            FetchError,
            r"redirected to file:///etc/passwd, which is not http|Redirection to url 'file:///etc/passwd' is not allowed",
        ),
    ],
)
def test_bad_downloads_replace_nothing(server, tmp_path, path, error, message):
    out = tmp_path / "ga.csv"
    out.write_text("previous")
    with pytest.raises(error, match=message):
        fetch(f"{server}{path}", out, max_bytes=100 * 2**20)
    assert out.read_text() == "previous"
    assert no_leftovers(tmp_path)


def test_cap_and_deadline(server, tmp_path):
    with pytest.raises(FetchError, match="more than the cap of 1000"):
        fetch(f"{server}/ga.csv", tmp_path / "a.csv", max_bytes=1000)
    started = time.monotonic()
    with pytest.raises(FetchError, match=r"not complete after 0.5 s"):
        fetch(f"{server}/drip.csv", tmp_path / "b.csv", deadline=0.5)
    assert time.monotonic() - started < 3
    assert no_leftovers(tmp_path)


@pytest.mark.parametrize("url", ["file:///etc/passwd", "/etc/passwd", "data:text/plain,x", "ftp://example.org/a.csv"])
def test_only_http(tmp_path, url):
    with pytest.raises(FetchError, match="only http:// and https:// URLs"):
        fetch(url, tmp_path / "x.csv")


def test_fetch_and_import_into_the_data_folder(server, dataset, tmp_path):
    folder = tmp_path / "data"
    save_dataset(subset(dataset, drop={"A/RES/ES-11/7"}), folder)
    path, ledger = fetch_and_import(f"{server}/ga.csv", folder)
    assert path.parent == folder / "downloads"
    assert ledger.counts["import: roll calls added"] == 1
    assert load_dataset(folder).votes_on("A/RES/ES-11/7")["vote"].value_counts()["N"] == 18
    with pytest.raises(GraphmodelError):
        fetch_and_import(f"{server}/html.csv", folder)
