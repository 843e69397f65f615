"""Where the header's links go, from the page tree: kept per process, so a page costs no query for them.

The catalogue's url and "my learning" come from `courses.services` (the live catalogue page). Saving or
deleting any page or Site clears them in this process at once (a renamed catalogue shows in the header on
the next page); other processes follow within SITE_CACHE_SECONDS.
"""

import threading
import time

from django.conf import settings

_lock = threading.Lock()
_links = {}  # "links" -> (expires, {"catalogue": url or None, "my_learning": url or None})


def clear(**kwargs):
    with _lock:
        _links.clear()


def links():
    """{"catalogue": url, "my_learning": url}: either None before a catalogue is published."""
    now = time.monotonic()
    entry = _links.get("links")
    if entry is not None and entry[0] > now:
        return entry[1]
    from courses.services import catalogue_url, my_learning_url

    found = {"catalogue": catalogue_url(), "my_learning": my_learning_url()}
    with _lock:
        _links["links"] = (now + max(settings.SITE_CACHE_SECONDS, 1), found)
    return found
