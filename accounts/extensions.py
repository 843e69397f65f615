"""What the apps above accounts add to sign-in and to the learner's profile page.

accounts asks no other app: an app registers here from its AppConfig.ready, the way each app registers
its part of the personal data (personal_data.register). agencies sends an account with a roster entry
to claim to the confirmation page after sign-in, and shows the roster entry on the profile.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString


@dataclass(frozen=True)
class ProfileSection:
    """An app's part of the profile page.

    `details`: rows (<dt>/<dd>) for the list of the learner's details, after the organisation; `below`:
    what follows that list (a link, a small form). Each is HTML marked safe (format_html,
    render_to_string; plain text is escaped), or a (template name, context) pair rendered with the
    request. `fixed_category`: the learner category the app vouches for (agencies: civil servant, for an
    account linked to the roster); the profile then shows it when the learner has no profile of their
    own, and does not offer to change category and organisation.
    """

    details: Any = ""
    below: Any = ""
    fixed_category: str | None = None


_after_login: list[Callable] = []
_profile_sections: list[Callable] = []


def register_after_login(fn):
    """`fn(user)` returns the URL a user should see right after signing in (or up), or None.

    The first registered function that names a URL wins; with none, allauth's usual redirect applies.
    """
    if fn not in _after_login:
        _after_login.append(fn)
    return fn


def register_profile_section(fn):
    """`fn(request)` returns a ProfileSection (or HTML, or a (template, context) pair, shown below the
    learner's details), or None; sections show in the order they were registered."""
    if fn not in _profile_sections:
        _profile_sections.append(fn)
    return fn


def after_login_url(user):
    for fn in _after_login:
        url = fn(user)
        if url:
            return url
    return None


def _render(part, request):
    if not part:
        return SafeString("")
    if isinstance(part, tuple):
        template_name, context = part
        return SafeString(render_to_string(template_name, context, request=request))
    return conditional_escape(part)


def profile_sections(request):
    """The registered sections for this request, their HTML rendered."""
    sections = []
    for fn in _profile_sections:
        section = fn(request)
        if section is None:
            continue
        if not isinstance(section, ProfileSection):
            section = ProfileSection(below=section)
        sections.append(
            ProfileSection(
                details=_render(section.details, request),
                below=_render(section.below, request),
                fixed_category=section.fixed_category,
            )
        )
    return sections
