"""Authoring tool for the Vietnamese catalogs of Wagtail and wagtail-localize.

    python scripts/wagtail_vi.py seed             # add every msgid, keep what is there
    python scripts/wagtail_vi.py dump APP [--all]  # list APP's untranslated msgids
    python scripts/wagtail_vi.py apply FILE       # write translations "KEY<TAB>text"
    python scripts/wagtail_vi.py coverage         # msgids translated/total per app

(each under `uv run --frozen`).

Translations are written by people (nothing here calls a translation service). ``seed``
starts from the packages' own Vietnamese where it keeps the placeholders; KEY is a short
hash of (msgctxt, msgid) printed by ``dump``; ``\\n`` in a line stands for a newline.
"""

import hashlib
import re
import sys
from pathlib import Path

import polib

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from locales.wagtail_catalogs import (
    APPS,
    DOMAINS,
    coverage,
    key,
    override_path,
    package_catalog,
    placeholders_match,
    source_entries,
    translation_of,
)

HEADER = {
    "Project-Id-Version": "outreach wagtail-vi",
    "Language": "vi",
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
    "Plural-Forms": "nplurals=1; plural=0;",
}


def short(entry):
    return hashlib.sha1("\x04".join(key(entry)).encode(), usedforsecurity=False).hexdigest()[:7]


def load(domain):
    path = override_path(domain)
    if path.exists():
        return polib.pofile(str(path), wrapwidth=0)
    path.parent.mkdir(parents=True, exist_ok=True)
    po = polib.POFile(wrapwidth=0)
    po.metadata = dict(HEADER)
    po.header = (
        "Vietnamese for Wagtail's admin and wagtail-localize, written for this project.\n"
        "Glossary: locales/GLOSSARY.md. Tool: scripts/wagtail_vi.py."
    )
    return po


def save(po, domain):
    po.save(str(override_path(domain)))


def seed():
    for domain in DOMAINS:
        po = load(domain)
        ours = {key(e): e for e in po}
        for app_name, _pkg, _sub in APPS:
            theirs = package_catalog(app_name, domain)
            theirs = {key(e): e for e in theirs} if theirs else {}
            for source in source_entries(app_name, domain):
                entry = ours.get(key(source))
                if entry is None:
                    entry = polib.POEntry(
                        msgctxt=source.msgctxt,
                        msgid=source.msgid,
                        msgid_plural=source.msgid_plural,
                    )
                    if source.msgid_plural:
                        entry.msgstr_plural = {0: ""}
                    text = translation_of(theirs.get(key(source)))
                    if text and placeholders_match(source, text):
                        set_text(entry, text)
                        entry.tcomment = "from the package's catalog"
                    po.append(entry)
                    ours[key(source)] = entry
                if (app_name, "") not in entry.occurrences:
                    entry.occurrences.append((app_name, ""))
        save(po, domain)


OLD_STYLE = {"o": "óòỏõọ", "u": "úùủũụ"}
NEW_STYLE = {"a": "áàảãạ", "e": "éèẻẽẹ", "y": "ýỳỷỹỵ"}


def new_style_tones(text):
    """Put the tone mark where the project's own text does: xoá, khoá, huỷ (not xóa, hủy)."""

    def move(match):
        first, second = match.group(1), match.group(2)
        base = "o" if first.lower() in "óòỏõọ" else "u"
        tone = OLD_STYLE[base].index(first.lower())
        if (base == "o" and second.lower() not in "ae") or (base == "u" and second.lower() != "y"):
            return match.group(0)
        plain = base.upper() if first.isupper() else base
        marked = NEW_STYLE[second.lower()][tone]
        return plain + (marked.upper() if second.isupper() else marked)

    return re.sub(r"([óòỏõọúùủũụÓÒỎÕỌÚÙỦŨỤ])([aeyAEY])(?!\w)", move, text)


def set_text(entry, text):
    text = new_style_tones(text)
    if entry.msgid_plural:
        entry.msgstr_plural = {0: text}
    else:
        entry.msgstr = text
    if "fuzzy" in entry.flags:
        entry.flags.remove("fuzzy")


def esc(text):
    return text.replace("\n", "\\n")


def dump(app_name, everything=False):
    for domain in DOMAINS:
        po = load(domain)
        ours = {key(e): e for e in po}
        for source in source_entries(app_name, domain):
            entry = ours[key(source)]
            text = translation_of(entry)
            if text and not everything:
                continue
            ctx = f"[{source.msgctxt}] " if source.msgctxt else ""
            plural = f" ||| {esc(source.msgid_plural)}" if source.msgid_plural else ""
            done = f"   => {esc(text)}" if text else ""
            print(f"{short(source)}\t{ctx}{esc(source.msgid)}{plural}{done}")


def apply(path):
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    wanted = {}
    for line in lines:
        if not line.strip() or line.startswith("#"):
            continue
        code, _, text = line.partition("\t")
        wanted[code.strip()] = text.replace("\\n", "\n")
    seen, bad = set(), []
    for domain in DOMAINS:
        po = load(domain)
        for entry in po:
            code = short(entry)
            if code in wanted:
                text = wanted[code]
                if not placeholders_match(entry, text):
                    bad.append((code, entry.msgid, text))
                    continue
                set_text(entry, text)
                entry.tcomment = ""
                seen.add(code)
        save(po, domain)
    for code in set(wanted) - seen - {b[0] for b in bad}:
        print("unknown key", code)
    for code, msgid, text in bad:
        print("placeholders differ", code, repr(msgid), repr(text))
    print(f"applied {len(seen)}")


def report():
    for item in coverage():
        print(
            f"{item.app:18} {item.translated:5}/{item.total:<5} {item.percent:5.1f}%"
            f"  reviewed {item.reviewed}  broken {len(item.broken)}"
        )


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "seed":
        seed()
    elif command == "dump":
        dump(sys.argv[2], "--all" in sys.argv)
    elif command == "apply":
        apply(sys.argv[2])
    elif command == "coverage":
        report()
