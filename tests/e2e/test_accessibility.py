"""axe-core in the browser: no critical or serious violation on the search, article, person
and outlet pages; a skip link and an h1 on every page.

axe-core comes from npm, installed by .ci/run into .ci/node (nothing is fetched here).
"""

from __future__ import annotations

import pytest

from tests.e2e.test_browser import ROOT, _missing, browser, server  # noqa: F401 (fixtures)

AXE = ROOT / ".ci" / "node" / "node_modules" / "axe-core" / "axe.min.js"
PAGES = ["/", "/?q=divorce", "/?q=kardashian&collapse=1", "/person/Kim Kardashian",
         "/outlet/TMZ", "/alerts"]


@pytest.fixture
def axe_page(browser):  # noqa: F811
    if not AXE.exists():
        _missing(f"no {AXE.relative_to(ROOT)}: run `npm install --prefix .ci/node axe-core@4`")
    # axe is injected by the test, so the test's own context lets it past the page's CSP.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    yield context.new_page()
    context.close()


def violations(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("async () => (await axe.run(document)).violations")
    return [{"id": v["id"], "impact": v["impact"], "nodes": len(v["nodes"]),
             "first": v["nodes"][0]["html"][:120]} for v in found
            if v["impact"] in ("critical", "serious")]


@pytest.mark.parametrize("path", [*PAGES, "article"])
def test_no_critical_or_serious_violations(server, axe_page, path):  # noqa: F811
    axe_page.goto(server + "/?q=divorce")
    if path == "article":
        axe_page.locator(".hit h2 a").first.click()
        axe_page.wait_for_url("**/article/**")
    else:
        axe_page.goto(server + path)
    assert violations(axe_page) == []
    assert axe_page.locator("h1").count() == 1
    skip = axe_page.locator("a.skip").first
    assert skip.get_attribute("href") == "#main"
    first = ("document.querySelector('a[href], button:not([hidden]), input, select, textarea, "
             "[tabindex]:not([tabindex=\"-1\"])').className")
    assert axe_page.evaluate(first) == "skip"  # the first stop of the Tab key
    skip.focus()
    assert skip.is_visible()  # shown when focused
    axe_page.keyboard.press("Enter")
    assert axe_page.evaluate("document.activeElement.id") == "main"
