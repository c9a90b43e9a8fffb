"""A small HTTP visitor for the flows wrk cannot do: fetch the signup form, send
it the way a browser would (hidden fields, checked boxes, the CSRF cookie),
follow the redirect to the confirmation page.

Standard library only (http.client): the bench's client should cost the
machine as little CPU as possible, since it shares the cores with the server.
"""

import html
import http.client
import re
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

from .loadgen import FlowError

_FORM = re.compile(r"<form\b[^>]*>.*?</form>", re.S | re.I)
_INPUT = re.compile(r"<input\b([^>]*)>", re.I)
_ATTRIBUTE = re.compile(r'([\w:-]+)(?:\s*=\s*"([^"]*)")?')
_ERROR_LINK = re.compile(r'<a class="alert-link"[^>]*>(.*?)</a>', re.S)
_TAGS = re.compile(r"<[^>]+>")
_NOT_SENT = {"submit", "button", "image", "file", "reset"}

# An answer meaning "the first of the choices offered", e.g. the first price option.
FIRST_CHOICE = object()


class Browser:
    """One visitor: its cookies, and one connection per request (gunicorn's sync
    workers close the connection after every response anyway).

    ``behind_tls`` sends what a TLS-terminating proxy and a browser would:
    ``X-Forwarded-Proto: https`` and an https Origin/Referer on POSTs, so the
    production settings (secure cookies, CSRF origin checks) work unchanged.
    ``address`` is the visitor's own IP address, sent as the proxy would (in
    X-Forwarded-For), so that limits per client address count each visitor apart.
    """

    def __init__(self, base_url, *, behind_tls=True, address=None, timeout=30):
        parts = urlsplit(base_url)
        self.host, self.port = parts.hostname, parts.port
        self.netloc = parts.netloc
        self.scheme = "https" if behind_tls else "http"
        self.behind_tls = behind_tls
        self.address = address
        self.timeout = timeout
        self.cookies = {}

    def get(self, path):
        return self.request("GET", path)

    def post(self, path, fields, *, referer):
        body = urlencode(fields, doseq=True)
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": f"{self.scheme}://{self.netloc}",
            "Referer": f"{self.scheme}://{self.netloc}{referer}",
        }
        return self.request("POST", path, body, headers)

    def request(self, method, path, body=None, headers=None):
        """``(status, headers, text)``; cookies set by the answer are kept."""
        headers = {"Host": self.netloc, "Accept-Language": "sv", **(headers or {})}
        if self.behind_tls:
            headers["X-Forwarded-Proto"] = "https"
        if self.address:
            headers["X-Forwarded-For"] = self.address
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(header)
            for name, morsel in cookie.items():
                self.cookies[name] = morsel.value
        return response.status, response.headers, text


def form_fields(page, marker):
    """What a browser would send of the form containing ``marker`` before anyone
    types: hidden fields, checked boxes and radio buttons, pre-filled values.
    Returns ``{name: [values]}``. Template rows (``__prefix__``) are left out."""
    form = next((m.group(0) for m in _FORM.finditer(page) if marker in m.group(0)), None)
    if form is None:
        raise FlowError(f"no form with {marker!r} on the page")
    fields = {}
    for attributes in _INPUT.findall(form):
        found = {name.lower(): value for name, value in _ATTRIBUTE.findall(attributes)}
        name = html.unescape(found.get("name", ""))
        if not name or "__prefix__" in name or "disabled" in found:
            continue
        kind = found.get("type", "text").lower()
        value = html.unescape(found.get("value", ""))
        if kind in {"checkbox", "radio"}:
            sent = "checked" in found
            value = value or "on"
        else:  # hidden fields always; typed ones when pre-filled; no buttons or files
            sent = kind == "hidden" or (bool(value) and kind not in _NOT_SENT)
        if sent:
            fields.setdefault(name, []).append(value)
    return fields


def first_choice(page, name):
    """The value of the first radio button or checkbox called ``name``."""
    pattern = rf'<input\b[^>]*name="{re.escape(name)}"[^>]*>'
    for tag in re.findall(pattern, page):
        value = re.search(r'value="([^"]*)"', tag)
        if value:
            return html.unescape(value.group(1))
    raise FlowError(f"no choice for {name!r} on the page")


def form_errors(page):
    """The error summary's messages, as text (to explain a failed submission)."""
    return [_TAGS.sub("", html.unescape(item)).strip() for item in _ERROR_LINK.findall(page)]


def sign_up(browser, path, answers):
    """One complete signup: the form, its submission, the confirmation page.

    ``answers`` maps field names to what the visitor types or chooses; they
    replace the form's own values. Returns the confirmation page's path.
    """
    status, _headers, page = browser.get(path)
    if status != 200:
        raise FlowError(f"GET {path}: {status}")
    fields = form_fields(page, "booking-submission_key")
    for name, value in answers.items():
        fields[name] = first_choice(page, name) if value is FIRST_CHOICE else value
    status, headers, page = browser.post(path, fields, referer=path)
    if status != 302:
        problems = "; ".join(form_errors(page)[:3])
        raise FlowError(f"POST {path}: {status} {problems}".strip())
    location = urlsplit(headers["Location"]).path
    status, _headers, _page = browser.get(location)
    if status != 200:
        raise FlowError(f"GET {location}: {status}")
    return location
