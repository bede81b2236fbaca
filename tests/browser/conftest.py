"""Browser tests: Playwright driving Debian's Chromium against the live server, with axe-core and the
Nu HTML Checker. They skip only when Chromium, Java or the npm tools are missing, and say which."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; the ORM must still be usable there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
NODE_MODULES = Path(os.environ.get("BYREGION_NODE_MODULES", ROOT / "node_modules"))
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def _missing_tools():
    missing = []
    if not Path(CHROMIUM).exists():
        missing.append(f"Chromium at {CHROMIUM} (apt-get install chromium)")
    if not AXE_JS.exists():
        missing.append(f"axe-core at {AXE_JS} (npm ci --ignore-scripts)")
    if not VNU_JAR.exists():
        missing.append(f"vnu.jar at {VNU_JAR} (npm ci --ignore-scripts)")
    if not shutil.which("java"):
        missing.append("java (apt-get install openjdk-17-jre-headless)")
    return missing


def pytest_collection_modifyitems(config, items):
    browser_dir = Path(__file__).parent
    missing = _missing_tools()
    for item in items:
        if browser_dir in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)
            if missing:
                if os.environ.get("CI"):
                    raise pytest.UsageError(f"Browser tests cannot run in CI without: {missing}")
                item.add_marker(pytest.mark.skip(reason="missing " + "; ".join(missing)))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": FLAGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # axe is injected as a script; the site's own CSP would (rightly) refuse it.
    return {**browser_context_args, "bypass_csp": True, "locale": "nn-NO"}


@pytest.fixture
def axe(page):
    """axe() -> the WCAG 2.1 A/AA violations on the page currently loaded in `page`."""

    def run():
        page.add_script_tag(path=str(AXE_JS))
        result = page.evaluate(
            "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
        )
        return [
            {"id": v["id"], "help": v["help"], "nodes": [n["html"][:200] for n in v["nodes"][:5]]}
            for v in result["violations"]
        ]

    return run


@pytest.fixture(scope="session")
def html_checker(tmp_path_factory):
    """html_checker({name: html}) -> the Nu HTML Checker's errors, as 'name: message' strings."""

    def run(documents):
        folder = tmp_path_factory.mktemp("vnu")
        files = []
        for name, html in documents.items():
            path = folder / f"{name}.html"
            path.write_text(html, encoding="utf-8")
            files.append(str(path))
        completed = subprocess.run(
            ["java", "-jar", str(VNU_JAR), "--format", "json", "--exit-zero-always", *files],
            capture_output=True,
            text=True,
            check=True,
            timeout=300,
        )
        messages = json.loads(completed.stderr or '{"messages": []}')["messages"]
        return [
            f"{Path(m['url']).stem}: line {m.get('lastLine')}: {m['message']}"
            for m in messages
            if m["type"] == "error"
        ]

    return run


REPORT_VIOLATIONS = """
document.addEventListener('securitypolicyviolation', (event) => console.error(
  'Content Security Policy violation: ' + event.effectiveDirective + ' ' + event.blockedURI));
"""


@pytest.fixture
def strict_context_options():
    """Extra options for `strict_page`'s browser context; a test module may override this."""
    return {}


@pytest.fixture
def strict_page(browser, strict_context_options):
    """A page whose context enforces CSP as a visitor's browser does, in nynorsk, keeping every
    console message in `page.console_texts`; `page.csp_violations()` lists the CSP reports."""
    context = browser.new_context(bypass_csp=False, locale="nn-NO", **strict_context_options)
    context.add_init_script(REPORT_VIOLATIONS)
    page = context.new_page()
    page.console_texts = []
    page.on("console", lambda message: page.console_texts.append(message.text))
    page.csp_violations = lambda: [
        text for text in page.console_texts if "Content Security Policy" in text
    ]
    yield page
    context.close()
