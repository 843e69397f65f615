"""Template helpers of the site layout."""

from django import template
from wagtail.admin.templatetags.wagtailuserbar import get_page_instance, wagtailuserbar

from lms.apps import USES_ADMIN_KEY

register = template.Library()


@register.filter
def width_class(value):
    """A percentage as one of the classes w-0 ... w-100 (site.css): bars without inline styles, which the
    Content-Security-Policy forbids."""
    try:
        number = float(value or 0)
    except (TypeError, ValueError):
        number = 0.0
    return f"w-{round(max(0.0, min(100.0, number)))}"


def uses_admin(request):
    """Whether the signed-in person may use Wagtail's admin, decided at sign-in (lms.apps.remember_roles)."""
    session = getattr(request, "session", None)
    if session is None:
        return request.user.has_perm("wagtailadmin.access_admin")
    uses = session.get(USES_ADMIN_KEY)
    if uses is None:  # signed in before this was kept in the session
        uses = session[USES_ADMIN_KEY] = request.user.has_perm("wagtailadmin.access_admin")
    return uses


@register.simple_tag(takes_context=True)
def page_userbar(context, position="bottom-right"):
    """Wagtail's userbar, only on a page the signed-in person may edit (or is previewing).

    Wagtail's own tag asks the database for the admin permission on every page of every signed-in
    learner, and shows its bar, with its scripts and styles, on pages that are not Wagtail pages.
    """
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return ""
    page = get_page_instance(context)
    if page is None:
        return ""
    previewing = getattr(request, "is_preview", False)
    if not previewing and (not page.pk or not uses_admin(request) or not page.permissions_for_user(user).can_edit()):
        return ""
    return wagtailuserbar(context, position)
