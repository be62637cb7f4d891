"""The translation catalogues: one per app (dihub/<app>/locale/) and one for dihub's
top-level modules (dihub/locale/), in every language of settings.LANGUAGES but English.

    python scripts/messages.py            write the catalogues from the code (makemessages)
    python scripts/messages.py --check    fail when a catalogue lacks a string of the code,
                                          keeps one the code lost, or has an untranslated
                                          or fuzzy entry
    python scripts/messages.py --stats    msgfmt --statistics of each catalogue
    python scripts/messages.py --app NAME ...   the same, for one app's catalogue only
                                          (dihub for the top-level modules'), repeatable
    python scripts/messages.py --untagged [TEMPLATE...]
                                          text a reader sees in a template (every template
                                          of dihub when none is named) outside translation
                                          tags
"""

import os
import shutil
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "dihub"
sys.path.insert(0, str(ROOT))
IGNORE = ["tests", "migrations", "static", "locale", "__pycache__"]


def setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dihub.settings")
    import django

    django.setup()


def languages():
    from django.conf import settings

    return [code for code, _ in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


ONLY = []  # --app NAME: only these catalogues ("dihub" for the top-level one)


def roots():
    """(folder, folders to leave out) of every catalogue."""
    apps = sorted(p.parent for p in PACKAGE.glob("*/locale") if p.is_dir())
    if not ONLY or "dihub" in ONLY:
        yield PACKAGE, [a.name for a in apps] + IGNORE
    for app in apps:
        if not ONLY or app.name in ONLY:
            yield app, IGNORE


@contextmanager
def inside(folder):
    old = Path.cwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(old)


def make(folder, ignore, quiet=True):
    """makemessages in folder, into folder/locale (not settings.LOCALE_PATHS)."""
    from django.core.management import call_command
    from django.test.utils import override_settings

    (folder / "locale").mkdir(exist_ok=True)
    with inside(folder), override_settings(LOCALE_PATHS=[]):
        call_command("makemessages", locale=languages(), ignore_patterns=ignore,
                     no_obsolete=True, add_location="file", verbosity=0 if quiet else 1)
    for po in (folder / "locale").glob("*/LC_MESSAGES/django.po"):
        _tidy(po)


PLURALS = {
    "de": "nplurals=2; plural=(n != 1);",
    "fr": "nplurals=2; plural=(n > 1);",
    "es": "nplurals=2; plural=(n != 1);",
    "it": "nplurals=2; plural=(n != 1);",
    "pl": "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) "
          "? 1 : 2);",
}


def _tidy(po_path):
    """A header of our own, the language's plural rule, and no dates, so that a catalogue
    changes only when its strings do."""
    import polib

    lang = po_path.parent.parent.name
    po = polib.pofile(str(po_path), wrapwidth=100)
    po.header = f"dihub's interface in {_name(lang)}."
    po.metadata_is_fuzzy = False
    po.metadata = {
        "Project-Id-Version": "dihub",
        "Language": lang,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": PLURALS.get(lang, "nplurals=2; plural=(n != 1);"),
    }
    po.save()


def _name(lang):

    from django.utils.translation import get_language_info

    return get_language_info(lang)["name"]


def entries(po_path):
    import polib

    return polib.pofile(str(po_path))


def key(entry):
    return (entry.msgctxt or "", entry.msgid)


def problems():
    """Every fault of every catalogue, in words."""
    found = []
    for folder, ignore in roots():
        name = folder.relative_to(ROOT)
        with tempfile.TemporaryDirectory() as tmp:
            copy = Path(tmp) / folder.name
            shutil.copytree(folder, copy, ignore=shutil.ignore_patterns(
                *(["static", "locale", "__pycache__"] + [i for i in ignore if i != "static"])))
            make(copy, ignore)
            for lang in languages():
                fresh = copy / "locale" / lang / "LC_MESSAGES" / "django.po"
                kept = folder / "locale" / lang / "LC_MESSAGES" / "django.po"
                wanted = {key(e) for e in entries(fresh)} if fresh.exists() else set()
                if not kept.exists():
                    if wanted:
                        found.append(f"{name}: no {lang} catalogue ({len(wanted)} strings)")
                    continue
                have = entries(kept)
                for ctx, msgid in sorted(wanted - {key(e) for e in have}):
                    found.append(f"{name} {lang}: not in the catalogue: {msgid!r}"
                                 f"{f' (context {ctx})' if ctx else ''}")
                for e in have:
                    if key(e) not in wanted:
                        found.append(f"{name} {lang}: no longer in the code: {e.msgid!r}")
                    elif e.fuzzy:
                        found.append(f"{name} {lang}: fuzzy: {e.msgid!r}")
                    elif not e.translated():
                        found.append(f"{name} {lang}: untranslated: {e.msgid!r}")
    return found


def stats():
    lines = []
    for folder, _ in roots():
        for po in sorted((folder / "locale").glob("*/LC_MESSAGES/django.po")):
            out = subprocess.run(["msgfmt", "--statistics", "-o", os.devnull, str(po)],
                                 capture_output=True, text=True, check=True)
            lines.append(f"{po.relative_to(ROOT)}: {out.stderr.strip()}")
    return lines


# words that are the same in every language: names, acronyms, formats
SAME_IN_EVERY_LANGUAGE = {
    "dihub", "API", "JSON", "CSV", "GeoJSON", "JSON-LD", "NGSI-LD", "xlsx", "PDF", "NUTS",
    "EDIH", "EDIHs", "JRC", "S3", "DMA", "OpenAPI", "OpenStreetMap", "Leaflet", "ID", "URL",
    "NACE", "Eurostat", "T0", "T1", "SME", "km", "EU", "ISO", "RDF",
}
VISIBLE_ATTRIBUTES = {"title", "alt", "placeholder", "aria-label", "aria-description",
                      "aria-roledescription", "aria-valuetext", "label"}


def untagged(path):
    """(line, text) of each text a reader sees in this template outside translation tags."""
    import re
    from html.parser import HTMLParser

    from django.template.base import Lexer, TokenType

    source = Path(path).read_text(encoding="utf-8")
    skeleton, depth = [], {"blocktranslate": 0, "comment": 0, "verbatim": 0}
    opens = {"blocktranslate": "blocktranslate", "blocktrans": "blocktranslate",
             "comment": "comment", "verbatim": "verbatim"}
    for token in Lexer(source).tokenize():
        if token.token_type == TokenType.BLOCK:
            word = token.contents.split()[0] if token.contents.split() else ""
            if word in opens:
                depth[opens[word]] += 1
            elif word.startswith("end") and word[3:] in opens:
                depth[opens[word[3:]]] -= 1
        hidden = any(depth.values()) or token.token_type in (TokenType.BLOCK, TokenType.VAR,
                                                              TokenType.COMMENT)
        text = token.contents if token.token_type == TokenType.TEXT else ""
        # keep the lines, so that a finding names its line
        skeleton.append("\n" * text.count("\n") if hidden else text)
        if hidden and token.token_type != TokenType.TEXT:
            skeleton.append(" ")
    letters = re.compile(r"[^\W\d_]{2,}")

    def visible(text):
        words = [w for w in re.findall(r"[\w-]+", text) if letters.search(w)]
        return [w for w in words if w not in SAME_IN_EVERY_LANGUAGE]

    found = []
    if not str(path).endswith(".html"):  # e-mails: every word is read
        for n, line in enumerate("".join(skeleton).splitlines(), 1):
            if visible(line):
                found.append((n, line.strip()))
        return found

    class Reader(HTMLParser):
        skip = 0

        def handle_starttag(self, tag, attrs):
            if tag in ("script", "style"):
                self.skip += 1
            attrs = dict(attrs)
            for name, value in attrs.items():
                shown = name in VISIBLE_ATTRIBUTES or (
                    name == "value" and tag == "input"
                    and attrs.get("type") in ("submit", "button", "reset")) or (
                    name == "content" and tag == "meta" and attrs.get("name") == "description")
                if shown and value and visible(value):
                    found.append((self.getpos()[0], f"{name}={value.strip()!r}"))

        def handle_endtag(self, tag):
            if tag in ("script", "style"):
                self.skip = max(0, self.skip - 1)

        def handle_data(self, data):
            if not self.skip and visible(data):
                found.append((self.getpos()[0], data.strip()))

    reader = Reader(convert_charrefs=True)
    reader.feed("".join(skeleton))
    reader.close()
    return found


def templates():
    return sorted(p for p in PACKAGE.glob("*/templates/**/*") if p.is_file())


def main(argv):
    setup()
    while "--app" in argv:
        i = argv.index("--app")
        ONLY.append(argv[i + 1])
        argv = argv[:i] + argv[i + 2:]
    if "--untagged" in argv:
        named = [Path(a) for a in argv if a != "--untagged"] or templates()
        count = 0
        for path in named:
            for line, text in untagged(path):
                count += 1
                print(f"{path}:{line}: {text}")
        print(f"{count} texts outside translation tags in {len(named)} templates")
        return 1 if count else 0
    if "--check" in argv:
        found = problems()
        print("\n".join(found) or "every catalogue is complete")
        return 1 if found else 0
    if "--stats" in argv:
        print("\n".join(stats()))
        return 0
    for folder, ignore in roots():
        make(folder, ignore, quiet=False)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
