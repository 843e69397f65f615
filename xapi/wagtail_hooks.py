"""LRS credentials, a read-only view of stored statements, and the erasures a receiving LRS still has to
make, in the Wagtail admin."""

import secrets

from django.contrib import messages
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.views.generic.models import CreateView
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from .forms import CredentialForm
from .models import Credential, ErasureNotice, Statement


class CredentialCreateView(CreateView):
    def save_instance(self):
        credential = self.form.save(commit=False)
        credential.key = secrets.token_hex(16)
        self.new_secret = credential.set_secret()
        credential.save()
        return credential

    def get_success_message(self, instance):
        return format_html(
            "{} <code>{}</code> · {} <code>{}</code> · {}",
            _("Credential created. Key:"),
            instance.key,
            _("secret:"),
            self.new_secret,
            _("the secret is shown only this once."),
        )

    def form_valid(self, form):
        response = super().form_valid(form)
        # Keep the message on screen long enough to copy the secret.
        storage = messages.get_messages(self.request)
        storage.used = False
        return response


class CredentialViewSet(ModelViewSet):
    model = Credential
    icon = "key"
    menu_label = _("LRS credentials")
    add_view_class = CredentialCreateView
    list_display = ["name", "key", "scopes", "owner", "active", "expires_at", "created_at"]
    list_filter = ["active"]
    search_fields = ["name", "key"]

    def get_form_class(self, for_update=False):
        return CredentialForm


class ReadOnlyPolicy(ModelPermissionPolicy):
    """Statements are an immutable record: staff with the view permission may look, nobody may edit."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


register_permission_policy(Statement, ReadOnlyPolicy(Statement))


class StatementViewSet(ModelViewSet):
    """Stored statements, to inspect what tools and pages send (read-only: the record is immutable)."""

    model = Statement
    icon = "list-ul"
    menu_label = _("Statements")
    list_display = ["statement_id", "verb_id", "activity_id", "actor_ifi", "source", "stored", "voided"]
    list_filter = ["voided", "version", "source"]
    search_fields = ["verb_id", "activity_id", "actor_ifi"]
    inspect_view_enabled = True
    inspect_view_fields = ["statement_id", "actor_ifi", "verb_id", "activity_id", "registration", "timestamp",
                           "stored", "voided", "version", "source", "credential", "data"]  # fmt: skip
    form_fields = []


class ErasurePolicy(ModelPermissionPolicy):
    """Province administrators look at the list and note when the receiver was asked; the rows are
    written by erasure only, and stay as the record that it was asked."""

    def user_has_permission(self, user, action):
        from agencies.services import is_province_admin

        return action in ("view", "change") and is_province_admin(user)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


register_permission_policy(ErasureNotice, ErasurePolicy(ErasureNotice))


class ErasureNoticeViewSet(ModelViewSet):
    """Statements already forwarded when the learner they named was erased: the receiving LRS keeps its
    copy until it is asked to erase it."""

    model = ErasureNotice
    icon = "warning"
    menu_label = _("Erasures to request")
    list_display = ["statement_id", "receiver", "forwarded_at", "erased_at", "receiver_asked_at"]
    list_filter = ["receiver"]
    form_fields = ["receiver_asked_at"]


class LRSGroup(ModelViewSetGroup):
    menu_label = _("Learning records")
    menu_icon = "list-ul"
    items = (
        CredentialViewSet("xapi_credentials"),
        StatementViewSet("xapi_statements"),
        ErasureNoticeViewSet("xapi_erasures"),
    )


@hooks.register("register_admin_viewset")
def register_lrs_viewsets():
    return LRSGroup()
