"""Debian's Chromium for the browser tests, with two checks on every page a test loads:
nothing is refused under our Content-Security-Policy, and axe-core finds no serious or
critical accessibility violation.

axe-core's own script comes with the `axe-playwright-python` package; it is injected into
each page after it has loaded (through the DevTools protocol, which the policy does not
restrict) and run there. A page the test leaves before the check has finished is loaded
again at the end (a GET of the same address) and checked then. Where the test turned
JavaScript off (where axe cannot run), each page the server sent is kept and checked at the
end in a second page, served the same HTML for the same address."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

CHROMIUM = "/usr/bin/chromium"  # Debian's, installed by scripts/setup test
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--autoplay-policy=no-user-gesture-required",
]
SERIOUS = ("serious", "critical")  # axe's two highest impacts fail a test
RUN_AXE = """async () => {
  const results = await axe.run(document, {resultTypes: ["violations"]});
  return results.violations
    .filter((v) => ["serious", "critical"].includes(v.impact))
    .map((v) => `${v.id} (${v.impact}): ${v.help} – ` +
                v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", "));
}"""


def axe_script() -> str:
    """axe-core's minified script, as the package ships it (imported when a browser test
    needs it)."""
    from axe_playwright_python.base import AXE_SCRIPT as script

    return str(script)


def refused_by_policy(page: Any) -> list[str]:
    """What a Playwright page's browser refuses under our Content-Security-Policy, collected
    from its console (Chromium logs each refused script, style or media there)."""
    refused: list[str] = []

    def note(message: Any) -> None:
        if "Content Security Policy" in message.text:
            refused.append(message.text)

    page.on("console", note)
    return refused


class Accessibility:
    """axe-core over every page one Playwright page loads."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.script = axe_script()
        self.checked: dict[str, list[str]] = {}  # address -> serious violations
        self.unchecked: list[str] = []
        self.watching = True
        page.on("load", lambda _page: self._check_loaded())

    def _check_loaded(self) -> None:
        url = self.page.url
        if not self.watching:
            return
        try:
            self.checked[url] = self.check()
        except Exception:  # the test went on to the next page meanwhile: checked at the end
            self.unchecked.append(url)

    def check(self) -> list[str]:
        """The serious and critical violations on the page as it is now."""
        self.page.evaluate(self.script)
        return list(self.page.evaluate(RUN_AXE))

    def problems(self) -> dict[str, list[str]]:
        """Each page's violations; pages the test left too soon are loaded again first."""
        self.watching = False
        for url in dict.fromkeys(self.unchecked):
            if url not in self.checked and url.startswith("http"):
                self.page.goto(url)
                self.checked[url] = self.check()
        return {url: found for url, found in self.checked.items() if found}


class SentPages:
    """For a page without JavaScript: the HTML documents the server sent, checked at the end
    in a page with JavaScript, each under its own address (so its styles load as they did)."""

    def __init__(self, page: Any) -> None:
        self.sent: list[tuple[str, bytes]] = []
        self.checked: dict[str, list[str]] = {}
        page.route("**/*", self._keep)

    def _keep(self, route: Any) -> None:
        if route.request.resource_type != "document":
            route.continue_()
            return
        response = route.fetch(max_redirects=0)
        if response.status < 300:
            self.sent.append((route.request.url, response.body()))
        route.fulfill(response=response)

    def problems(self, browser: Any) -> dict[str, list[str]]:
        """Each sent page's violations."""
        checker = browser.new_page()
        for url, html in self.sent:
            checker.route(url, _serve(html))
            checker.goto(url)
            checker.evaluate(axe_script())
            self.checked[url] = list(checker.evaluate(RUN_AXE))
            checker.unroute(url)
        return {url: found for url, found in self.checked.items() if found}


def _serve(html: bytes) -> Any:
    """A route handler answering with this HTML (of one argument: Playwright passes a
    handler of two the request as well)."""
    return lambda route: route.fulfill(body=html, content_type="text/html; charset=utf-8")


@contextmanager
def chromium_page(*, javascript: bool = True, **page_options: Any) -> Iterator[Any]:
    """A page in Debian's Chromium; on leaving, every page it loaded must have passed the
    policy and axe-core's check."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        context = browser.new_context(java_script_enabled=javascript, **page_options)
        page = context.new_page()
        refused = refused_by_policy(page)
        accessibility = Accessibility(page) if javascript else SentPages(page)
        yield page
        if isinstance(accessibility, SentPages):
            problems = accessibility.problems(browser)
        else:
            problems = accessibility.problems()
        browser.close()
    assert refused == [], refused
    assert problems == {}, problems
    assert accessibility.checked, "axe-core checked no page"
