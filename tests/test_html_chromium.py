"""The interactive HTML figures opened in a real browser (Debian's headless ``chromium`` through
``chromium-driver``): they render with no console error and no network request, every country is
drawn, and hovering a country shows its values."""

import shutil

import pandas as pd
import pytest

from graphmodel import html, indices

pytestmark = pytest.mark.slow
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")


@pytest.fixture(scope="module")
def chrome():
    if not CHROMIUM or not CHROMEDRIVER:
        pytest.skip("needs Debian's chromium and chromium-driver (apt-get install -y chromium chromium-driver)")
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium (the test extra) is not installed")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1200,900"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def pages(dataset, session_analysis, tmp_path_factory):
    out = tmp_path_factory.mktemp("html")
    frames = [
        indices.frame(dataset.window_matrices(by="range", start=start, end=end)[0][1], "agree")[0]
        for start, end in (("2024-01-01", "2024-12-31"), ("2025-01-20", "2025-12-31"))
    ]
    names = dataset.countries.set_index("iso3")["name"].to_dict()
    shift = html.shift_html(*frames, window_names=("2024", "2025"), date=pd.Timestamp("2025-12-31"), names=names)
    return {
        "network_80": (html.write(html.network_html(session_analysis, "80"), out / "network_80.html"), "USA"),
        "shift_2024_2025": (html.write(shift, out / "shift_2024_2025.html"), "GBR"),
    }


@pytest.mark.parametrize("name", ["network_80", "shift_2024_2025"])
def test_page_renders_without_errors_and_hovers(chrome, pages, name):
    import json

    path, country = pages[name]
    chrome.get(path.as_uri())
    drawn = chrome.execute_script(
        """const nodes = document.querySelectorAll('svg .node');
           const box = document.querySelector('svg').getBoundingClientRect();
           return [nodes.length, box.width, box.height];"""
    )
    assert drawn[0] > 150 and drawn[1] > 400 and drawn[2] > 300, drawn
    # Hover a country: the info line names it.
    info = chrome.execute_script(
        """const el = Array.from(document.querySelectorAll('svg .node')).find(e => e.dataset.info.includes(arguments[0]));
           el.dispatchEvent(new MouseEvent('mouseenter'));
           return document.getElementById('info').textContent;""",
        country,
    )
    assert country in info, info
    errors = [e["message"] for e in chrome.get_log("browser") if e["level"] in ("SEVERE", "WARNING")]
    assert errors == [], errors
    # Self-contained: the only resource the page loaded is itself.
    requests = {
        json.loads(e["message"])["message"]["params"]["request"]["url"]
        for e in chrome.get_log("performance")
        if '"Network.requestWillBeSent"' in e["message"]
    }
    assert requests == {path.as_uri()}, requests
    chrome.save_screenshot(str(path.with_suffix(".png")))
    assert path.with_suffix(".png").stat().st_size > 20_000
