from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button


@hooks.register("register_admin_viewset")
def register_targets():
    from .admin_targets import TargetViewSet

    return TargetViewSet("reporting_targets")


class ReportsMenuItem(MenuItem):
    def is_shown(self, request):
        from agencies.services import sees_reports

        return sees_reports(request.user)


@hooks.register("register_admin_menu_item")
def register_reports_menu_item():
    """HR officers and administrators reach the coverage report from the admin too."""
    return ReportsMenuItem(_("Reports"), reverse("reporting:coverage"), icon_name="table", order=240)


class CourseResultsMenuItem(MenuItem):
    def is_shown(self, request):
        from .services import results_courses

        return results_courses(request.user).exists()


@hooks.register("register_admin_menu_item")
def register_course_results_menu_item():
    """Trainers (and administrators) reach the results of the courses they edit from the admin menu."""
    return CourseResultsMenuItem(
        _("Course results"), reverse("reporting:course_results_index"), icon_name="tasks", order=245
    )


def _course_results_button(page, user, priority):
    from courses.services import is_course

    from .services import can_see_course_results

    if not is_course(page) or not can_see_course_results(user, page):
        return None
    return Button(
        _("Course results"),
        url=reverse("reporting:course_results", args=[page.pk]),
        icon_name="tasks",
        attrs={"data-course-results": str(page.pk)},
        priority=priority,
    )


@hooks.register("register_page_header_buttons")
def course_results_header_button(page, user, view_name=None, next_url=None):
    """ "Course results" in the header's actions of a course page (edit and explorer screens)."""
    button = _course_results_button(page, user, priority=66)
    if button is not None:
        yield button


@hooks.register("register_page_listing_more_buttons")
def course_results_listing_button(page, user, next_url=None):
    """ "Course results" in the "more" menu of a course in the page explorer."""
    button = _course_results_button(page, user, priority=55)
    if button is not None:
        yield button
