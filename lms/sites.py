"""The Wagtail site of a request without a query: a small cache per process.

Wagtail looks the Site up (with its root page) on every request, and the root page's specific class
after it. `SiteCacheMiddleware` hands Wagtail a copy of the answer kept here, per host and port, for
SITE_CACHE_SECONDS; saving or deleting a Site or a site's root page clears it in this process at once,
other processes follow within those seconds. The root page is only used for routing (its path and
url_path); served as the home page, it is fetched again (lms.models.HomePage.route).
"""

import contextlib
import copy
import threading
import time

from django.conf import settings
from django.db import DatabaseError
from django.http.request import split_domain_port
from wagtail.models import Site
from wagtail.models.sites import get_site_for_hostname

_lock = threading.Lock()
_sites = {}  # (hostname, port) -> (expires, site or None)
_root_ids = set()


def clear(**kwargs):
    with _lock:
        _sites.clear()
        _root_ids.clear()


def page_changed(sender, instance, **kwargs):
    if instance.pk in _root_ids:
        clear()


def _lookup(hostname, port):
    try:
        site = get_site_for_hostname(hostname, port)
    except Site.DoesNotExist:
        return None
    if site is not None:
        root = site.root_page.specific
        root._from_site_cache = True
        site.root_page = root
    return site


def site_for(request):
    """A copy of the request's Site (its root page as its specific class), or None."""
    hostname = split_domain_port(request._get_raw_host())[0]
    port = request.get_port()
    key = (hostname, port)
    now = time.monotonic()
    entry = _sites.get(key)
    if entry is None or entry[0] <= now:
        site = _lookup(hostname, port)
        with _lock:
            _sites[key] = (now + settings.SITE_CACHE_SECONDS, site)
            if site is not None:
                _root_ids.add(site.root_page_id)
    else:
        site = entry[1]
    if site is None:
        return None
    site = copy.copy(site)
    site.root_page = copy.copy(site.root_page)
    return site


# Requests that never serve a Wagtail page: the LRS, the admin (which finds sites itself, rarely), the API,
# health checks, static files. They skip the lookup, so they need neither the cache nor the database for it.
NOT_PAGES = ("/xapi/", "/admin/", "/django-admin/", "/api/", "/healthz", "/static/", "/media/", "/favicon.ico")


class SiteCacheMiddleware:
    """Give Wagtail the request's Site from the process cache (Wagtail keeps it in `_wagtail_site`)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.SITE_CACHE_SECONDS > 0 and not request.path.startswith(NOT_PAGES):
            # On a database error Wagtail looks again if a page is asked for; /healthz reports the outage.
            with contextlib.suppress(DatabaseError):
                request._wagtail_site = site_for(request)
        return self.get_response(request)
