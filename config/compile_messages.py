"""Compile locale/*/LC_MESSAGES/*.po to .mo in pure Python.

Django's compilemessages needs GNU msgfmt, which a fresh machine lacks; polib writes the same
catalogues. `make install` and the test session run this, so a checkout never serves stale or
missing translations. Run it with `python -m config.compile_messages`.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import polib

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"


def compile_catalogs(locale_dir: Path = LOCALE_DIR, *, force: bool = False) -> list[Path]:
    """Write each catalogue's .mo beside its .po when missing or older; return those written."""
    written = []
    for po_path in sorted(locale_dir.glob("*/LC_MESSAGES/*.po")):
        mo_path = po_path.with_suffix(".mo")
        if not force and mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        catalogue = polib.pofile(str(po_path))
        # Write then rename: another process (a parallel test run) may be reading the .mo.
        handle, temporary = tempfile.mkstemp(dir=mo_path.parent, suffix=".mo.tmp")
        os.close(handle)
        catalogue.save_as_mofile(temporary)
        os.replace(temporary, mo_path)
        written.append(mo_path)
    return written


if __name__ == "__main__":
    compiled = compile_catalogs(force=True)
    print(f"compile_messages: {len(compiled)} catalogue(s) compiled")
