"""Checks a deboiler report: it parses as HTML with every element closed
in order, every in-page link resolves to an element's id, nothing outside
the page is referenced, its one script is its own, and the texts given
with --expect-text appear as text (escaped), never as markup.

    python3 tests/check_report.py REPORT.html [--expect-text TEXT]...

Prints what is wrong and exits 1, or prints counts and exits 0.
"""
import re
import sys
from html.parser import HTMLParser

VOID = {"meta", "br", "img", "input", "link", "hr", "col", "area", "base",
        "embed", "source", "track", "wbr"}
# Elements whose end tag HTML lets a page leave out.
OPTIONAL_END = {"li", "p", "option", "tr", "td", "th"}


class Check(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.ids, self.hrefs, self.errors = [], set(), [], []
        self.scripts, self.text, self.in_script = [], [], False
        self.sections = {"doc": 0, "rule": 0}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag not in VOID:
            self.stack.append(tag)
        if "id" in attrs:
            if attrs["id"] in self.ids:
                self.errors.append(f"duplicate id {attrs['id']}")
            self.ids.add(attrs["id"])
        for key in ("href", "src", "action", "poster", "data"):
            if key in attrs:
                self.hrefs.append(attrs[key])
        if tag in ("link", "iframe", "img", "object", "embed", "base"):
            self.errors.append(f"element <{tag}> refers outside the page")
        if tag == "script":
            self.in_script = True
            self.scripts.append("")
            if "src" in attrs:
                self.errors.append("a script from elsewhere")
        if tag == "section":
            kind = attrs.get("class", "")
            if kind in self.sections:
                self.sections[kind] += 1
        for key, value in attrs.items():
            if key.startswith("on"):
                self.errors.append(f"event handler attribute {key}")

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        while self.stack and self.stack[-1] != tag and self.stack[-1] in OPTIONAL_END:
            self.stack.pop()
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else None}>")
            return
        self.stack.pop()
        if tag == "script":
            self.in_script = False

    def handle_data(self, data):
        if self.in_script:
            self.scripts[-1] += data
        else:
            self.text.append(data)


def main():
    path, expect = sys.argv[1], []
    args = sys.argv[2:]
    while args:
        flag, value, *args = args
        assert flag == "--expect-text", flag
        expect.append(value)
    html = open(path, encoding="utf-8").read()
    c = Check()
    c.feed(html)
    c.close()
    errors = c.errors
    if c.stack:
        errors.append(f"unclosed at the end: {c.stack}")
    for href in c.hrefs:
        if not href.startswith("#"):
            errors.append(f"link outside the page: {href}")
        elif href[1:] not in c.ids:
            errors.append(f"link to no element: {href}")
    if re.search(r"url\(|@import|https?://", html.split("<body>")[0]):
        errors.append("the style refers outside the page")
    if len(c.scripts) != 1 or "fetch" in c.scripts[0] or "http" in c.scripts[0]:
        errors.append(f"{len(c.scripts)} scripts, not the report's one")
    text = "".join(c.text)
    for t in expect:
        if t not in text:
            errors.append(f"text not shown as text: {t!r}")
    for e in errors[:20]:
        print(f"{path}: {e}")
    if errors:
        sys.exit(1)
    print(f"{path}: {len(c.ids)} ids, {len(c.hrefs)} links, "
          f"{c.sections['doc']} documents, {c.sections['rule']} rules")


main()
