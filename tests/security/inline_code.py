"""Finds what a Content-Security-Policy without 'unsafe-inline' blocks in HTML:
inline <script> and <style> elements, style="" attributes, on...="" event
handler attributes and javascript: URLs."""

from html.parser import HTMLParser

# <script> types that hold data, not code: the browser never runs them.
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json", "text/template"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction"}


class _InlineCodeFinder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []
        self._open = None  # ("script" | "style", text so far)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attrs:
            script_url = (value or "").strip().lower().startswith("javascript:")
            if name == "style" or name.startswith("on") or (name in URL_ATTRIBUTES and script_url):
                self.problems.append(f'<{tag} {name}="{value}">')
        if tag == "script" and not attributes.get("src"):
            if (attributes.get("type") or "").lower() not in DATA_SCRIPT_TYPES:
                self._open = ("script", "")
        elif tag == "style":
            self._open = ("style", "")

    def handle_data(self, data):
        if self._open:
            self._open = (self._open[0], self._open[1] + data)

    def handle_endtag(self, tag):
        if self._open and tag == self._open[0]:
            kind, text = self._open
            self.problems.append(f"<{kind}>{' '.join(text.split())[:80]}</{kind}>")
            self._open = None


def inline_code(html):
    """Descriptions of every piece of inline code in ``html`` (empty when clean)."""
    finder = _InlineCodeFinder()
    finder.feed(html)
    finder.close()
    return finder.problems
