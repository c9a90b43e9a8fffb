"""What a browser submits for a form of a rendered page, untouched by the user."""

from html.parser import HTMLParser


class _FormParser(HTMLParser):
    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.data = []
        self._textarea = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside or "disabled" in attrs:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in {"checkbox", "radio"}:
                if "checked" in attrs:
                    self.data.append((name, attrs.get("value", "on")))
            elif kind not in {"submit", "button", "file", "image", "reset"}:
                self.data.append((name, attrs.get("value", "")))
        elif tag == "textarea" and name:
            self._textarea = [name, ""]
        elif tag == "select" and name:
            self._select = {"name": name, "multiple": "multiple" in attrs, "chosen": []}
        elif tag == "option" and self._select is not None:
            self._select.setdefault("first", attrs.get("value", ""))
            if "selected" in attrs:
                self._select["chosen"].append(attrs.get("value", ""))

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea" and self._textarea is not None:
            name, text = self._textarea
            # The parser drops the newline that may open a textarea, as HTML does;
            # browsers send line breaks as CR LF.
            self.data.append((name, text.removeprefix("\n").replace("\n", "\r\n")))
            self._textarea = None
        elif tag == "select" and self._select is not None:
            select = self._select
            chosen = select["chosen"]
            if not chosen and not select["multiple"] and "first" in select:
                chosen = [select["first"]]
            self.data.extend((select["name"], value) for value in chosen)
            self._select = None


def form_data(html, form_id):
    """{name: [values]} as a browser would POST form ``form_id`` of ``html``."""
    parser = _FormParser(form_id)
    parser.feed(html)
    data = {}
    for name, value in parser.data:
        data.setdefault(name, []).append(value)
    return data


def change_form_data(response, **changes):
    """What the browser sends back for the admin change form of ``response``
    (its inlines included), with ``changes``."""
    model_name = response.context["opts"].model_name
    data = form_data(response.content.decode(), f"{model_name}_form")
    data.update(changes)
    return data
