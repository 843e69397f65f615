"""Routing a request to its page in one query, with Wagtail's semantics.

Wagtail walks the tree one level at a time: the child with the next slug, then its specific class, at
every level (four to five queries for a lesson). The site's root page (lms.HomePage) instead fetches every
page the path can name below it, by url_path, in one query joined to the specific page tables, and keeps
them on the request; each page's `route` then takes its child from there (`child`). The pages' own
`route` methods still decide everything else: a routable page's sub-paths, that only the final page must
be live, and the 404 of a missing child; view restrictions, redirects and previews are untouched.
"""

from wagtail.models import Page

NOT_PREFETCHED = object()


def _specific_tables():
    from .models import CourseIndexPage, CoursePage, LessonPage

    return {model: model._meta.model_name for model in (CourseIndexPage, CoursePage, LessonPage)}


def _specific(row, tables):
    accessor = tables.get(row.specific_class)
    if accessor is None:
        return row.specific  # another page type: one query more, as Wagtail does
    return getattr(row, accessor)


def prefetch(request, root, path_components):
    """Fetch, in one query, each page under `root` whose url_path is a prefix of the requested path."""
    wanted = [root.url_path + "/".join(path_components[:end]) + "/" for end in range(1, len(path_components) + 1)]
    tables = _specific_tables()
    rows = Page.objects.filter(
        url_path__in=wanted, path__startswith=root.path, depth__gt=root.depth, depth__lte=root.depth + len(wanted)
    ).select_related(*tables.values())
    request._kns_route_pages = (set(wanted), {row.url_path: _specific(row, tables) for row in rows})


def child(request, parent, slug):
    """The child of `parent` with this slug from the prefetched pages: a specific page, None when there is
    no such child, or NOT_PREFETCHED when this lookup was not part of the prefetch (query as usual)."""
    prefetched = getattr(request, "_kns_route_pages", None)
    if prefetched is None:
        return NOT_PREFETCHED
    wanted, pages = prefetched
    url_path = f"{parent.url_path}{slug}/"
    if url_path not in wanted:
        return NOT_PREFETCHED
    page = pages.get(url_path)
    if page is None or page.depth != parent.depth + 1 or not page.path.startswith(parent.path):
        return None
    page._cached_parent_obj = parent
    return page
