import uuid

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person who signs in: learner, trainer, HR officer or administrator.

    Vietnamese names do not split into first and last the Western way, so the full name is kept
    whole. `public_id` is the stable opaque id other systems see (the xAPI actor), never the e-mail.
    """

    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")
        swappable = "AUTH_USER_MODEL"

    def get_full_name(self):
        return self.full_name or super().get_full_name() or self.email or self.username

    def __str__(self):
        return self.get_full_name()
