"""The README's environment table is the one list of settings: keep it true."""

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
READS = re.compile(r'(?:environ\.get|environ\[|env_bool|env_list)\(?\s*"([A-Z][A-Z0-9_]+)"')
MAKE_ONLY = {"PORT"}


def variables_read_by_the_code():
    sources = [REPO / "portal" / "settings.py", *REPO.glob("*/management/commands/*.py")]
    return {name for path in sources for name in READS.findall(path.read_text())}


def variables_in_the_readme_table():
    return set(re.findall(r"^\| `([A-Z][A-Z0-9_]+)` \|", (REPO / "README.md").read_text(), re.M))


def test_every_variable_the_code_reads_is_in_the_readme():
    assert variables_read_by_the_code() - variables_in_the_readme_table() == set()


def test_the_readme_names_no_variable_the_code_ignores():
    assert variables_in_the_readme_table() - variables_read_by_the_code() - MAKE_ONLY == set()
