"""Admin views see only what agencies.permissions allows: lists are filtered, other objects are 404."""

from django.http import Http404


class ScopedObjectMixin:
    """For views of one object: an object outside the user's scope does not exist for them."""

    def can_see(self, obj):
        raise NotImplementedError

    def get_object(self, *args, **kwargs):
        obj = super().get_object(*args, **kwargs)
        if obj is not None and not self.can_see(obj):
            raise Http404
        return obj


class ScopedListMixin:
    """For listings: start from the queryset the permission module gives this user."""

    def scoped_queryset(self):
        raise NotImplementedError

    def get_base_queryset(self):
        return self.scoped_queryset()
