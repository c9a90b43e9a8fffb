"""Site-wide protection that belongs to no app: the client's address, headers
that Django and django-csp do not set, and rate limits on the public forms.

- ``client_address(request)``: the address of whoever sent the request. Without
  a proxy (``TRUSTED_PROXY_COUNT = 0``) that is REMOTE_ADDR. Behind N proxies
  that each append to X-Forwarded-For, the N-th address from the right is the
  one the outermost of our proxies saw; anything further left was written by
  the client and can be forged. django-axes (admin login lockouts) and the rate
  limits below both use it.
- ``SecurityHeadersMiddleware``: Permissions-Policy (settings.PERMISSIONS_POLICY).
  The Content-Security-Policy comes from django-csp (settings.CONTENT_SECURITY_POLICY),
  Referrer-Policy, Cross-Origin-Opener-Policy, X-Content-Type-Options and HSTS
  from Django's SecurityMiddleware, X-Frame-Options from its clickjacking middleware.
- ``RateLimitMiddleware``: POSTs to the URL names in settings.RATE_LIMITS (and
  every request to those in settings.RATE_LIMITED_READS), counted per client
  address with django-ratelimit, answer 429 with a page that says to wait a
  minute and go back (the browser keeps what was typed in the form).
"""

import ipaddress

from django.conf import settings
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_ratelimit import ALL
from django_ratelimit.core import get_usage

# IPv6 clients usually get a whole /64: count them as one.
IPV6_PREFIX = 64


def _parse(address):
    try:
        return ipaddress.ip_address(address.strip())
    except ValueError:
        return None


def client_address(request):
    """The client's IP address as a string (see the module docstring)."""
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies > 0:
        forwarded = [
            part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()
        ]
        if forwarded:
            candidate = _parse(forwarded[-min(proxies, len(forwarded))])
            if candidate is not None:
                return str(candidate)
    parsed = _parse(remote)
    return str(parsed) if parsed is not None else remote


def rate_limit_key(group, request):
    """The client address, IPv6 addresses reduced to their /64 network."""
    address = client_address(request)
    parsed = _parse(address)
    if parsed is not None and parsed.version == 6 and parsed.ipv4_mapped is None:
        return str(ipaddress.ip_network(f"{parsed}/{IPV6_PREFIX}", strict=False))
    return address


class SecurityHeadersMiddleware:
    """Permissions-Policy everywhere; in the admin only, the additions to the
    Content-Security-Policy in settings.CONTENT_SECURITY_POLICY_ADMIN_UPDATE.

    Must come after django-csp's middleware in MIDDLEWARE, so that it sees the
    response first and django-csp then builds the header with the additions.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.PERMISSIONS_POLICY:
            response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        admin_update = settings.CONTENT_SECURITY_POLICY_ADMIN_UPDATE
        if admin_update and request.path_info.startswith(_admin_prefix()):
            response._csp_update = {
                **(getattr(response, "_csp_update", None) or {}),
                **admin_update,
            }
        return response


def _admin_prefix():
    return reverse("admin:index")


class RateLimitMiddleware:
    """Limits POSTs to the views named in settings.RATE_LIMITS per client address.

    Runs after URL resolution (``process_view``), so the views themselves need
    no decorator. The limits are read on each request: tests and operators can
    change them without a restart of this middleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.resolver_match is None:
            return None
        name = request.resolver_match.view_name
        if request.method != "POST" and name not in settings.RATE_LIMITED_READS:
            return None
        rate = settings.RATE_LIMITS.get(name)
        if not rate:
            return None
        usage = get_usage(
            request, group=name, key=rate_limit_key, rate=rate, method=ALL, increment=True
        )
        if usage is None or not usage["should_limit"]:
            return None
        response = render(request, "429.html", status=429)
        response["Retry-After"] = str(max(usage["time_left"], 1))
        return response


def locked_out(request, original_response=None, credentials=None):
    """django-axes' answer to a locked-out admin login: a page in the admin's
    look that says, in the visitor's language, why and for how long."""
    from django.contrib import admin

    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    context = {
        **admin.site.each_context(request),
        "title": _("Login blocked"),
        "minutes": minutes,
        "failure_limit": settings.AXES_FAILURE_LIMIT,
    }
    return render(request, "locked_out.html", context, status=429)
