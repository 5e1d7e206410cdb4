#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
# Checks a package's debian/copyright as Debian reads it (python3-debian,
# strict): the DEP-5 machine-readable format, every Files paragraph's
# licence given in full (or by its file under /usr/share/common-licenses),
# the code under GPL-3+ and the fonts under OFL-1.1 with fonts/OFL.txt's
# holder and text, Upstream-Contact the Maintainer, and every file of the
# source tree covered. Run by tests/e2e/lintian.sh; reads, never writes.
#
# Usage: scripts/copyright-check.py COPYRIGHT MAINTAINER FILELIST
import re
import sys

from debian.copyright import Copyright


def words(text):
    """The text's words, so line breaks and the " ." of DEP-5 do not count."""
    return re.sub(r"(?m)^\s*\.\s*$", "", text).split()


def main():
    path, maintainer, filelist = sys.argv[1:4]
    errors = []
    with open(path, encoding="utf-8") as f:
        c = Copyright(f, strict=True)
    head = c.header
    if head.upstream_name != "khabar":
        errors.append(f"Upstream-Name is {head.upstream_name!r}, not khabar")
    contact = head.upstream_contact or []
    if list(contact) != [maintainer]:
        errors.append(f"Upstream-Contact is {contact!r}, not the Maintainer {maintainer!r}")

    texts = {p.license.synopsis: p.license.text for p in c.all_license_paragraphs()}
    for p in c.all_files_paragraphs():
        lic = p.license
        if not (lic.text or texts.get(lic.synopsis)):
            errors.append(f"Files: {' '.join(p.files)}: licence {lic.synopsis} has no text")
        if not p.copyright:
            errors.append(f"Files: {' '.join(p.files)}: no Copyright")

    gpl = texts.get("GPL-3+", "")
    if "/usr/share/common-licenses/GPL-3" not in gpl:
        errors.append("GPL-3+ does not name /usr/share/common-licenses/GPL-3")
    ofl = open("fonts/OFL.txt", encoding="utf-8").read()
    holder = ofl.splitlines()[0].removeprefix("Copyright ").strip()
    body = ofl[ofl.index("SIL OPEN FONT LICENSE Version 1.1 - 26 February 2007"):]
    if words(texts.get("OFL-1.1", "")) != words(body):
        errors.append("the OFL-1.1 text is not fonts/OFL.txt's")

    expect = {"firmware/main.c": "GPL-3+", "fonts/Vazirmatn-Regular.ttf": "OFL-1.1"}
    for name, want in expect.items():
        p = c.find_files_paragraph(name)
        got = p.license.synopsis if p else None
        if got != want:
            errors.append(f"{name} is under {got}, not {want}")
    p = c.find_files_paragraph("fonts/Vazirmatn-Regular.ttf")
    if p and holder not in p.copyright:
        errors.append(f"the fonts' Copyright is not fonts/OFL.txt's holder: {holder}")

    with open(filelist, encoding="utf-8") as f:
        for name in (line.strip() for line in f):
            if name and c.find_files_paragraph(name) is None:
                errors.append(f"{name}: in no Files paragraph")

    for e in errors:
        print(f"copyright: {path}: {e}")
    if errors:
        sys.exit(1)
    print(f"copyright: {path}: DEP-5, {len(list(c.all_files_paragraphs()))} Files paragraphs, "
          f"licences {', '.join(sorted(texts))}")


if __name__ == "__main__":
    main()
