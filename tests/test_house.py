"""The house rules that import-linter cannot check: every module short enough for its name."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MAX_LINES = 600


def test_no_module_is_longer_than_its_name_can_say():
    long_modules = {
        str(path.relative_to(ROOT)): lines
        for package in ("byregion", "regions", "cases")
        for path in (ROOT / package).rglob("*.py")
        if "migrations" not in path.parts
        and (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long_modules == {}
