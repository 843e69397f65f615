from wagtail import hooks

from .models import CourseIndexPage


@hooks.register("after_create_page")
def set_up_a_new_catalogue(request, page):
    """A catalogue made in the admin gets the trainers' permissions and the approval workflow at once."""
    if isinstance(page.specific, CourseIndexPage):
        from .services import setup_catalogue

        setup_catalogue(page)
