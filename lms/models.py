from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from courses import routing


class HomePage(Page):
    """The site's front page: what Kỹ Năng Số is for and where to start."""

    lead = models.CharField(_("lead"), max_length=300, blank=True)
    body = RichTextField(_("body"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("lead"), FieldPanel("body")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["courses.CourseIndexPage"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            from courses.services import latest_in_progress

            # The course in progress the learner worked on last, with the lesson to continue with.
            context["latest"] = latest_in_progress(user, request)
        return context

    def route(self, request, path_components):
        if not path_components:
            if getattr(self, "_from_site_cache", False):
                # The cached site's root page may be older than the page: serve the page as it is now.
                fresh = HomePage.objects.filter(pk=self.pk).first()
                if fresh is None:
                    raise Http404
                return fresh.route(request, path_components)
            return super().route(request, path_components)
        # Every page the path names, in one query; each page's route takes its child from these.
        routing.prefetch(request, self, path_components)
        child = routing.child(request, self, path_components[0])
        if child is None:
            raise Http404
        return child.route(request, path_components[1:])
