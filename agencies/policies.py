"""Wagtail permission policies for admin screens that only province administrators may use."""

from wagtail.permission_policies import ModelPermissionPolicy

from .permissions import is_province_admin


class ProvinceAdministratorsOnly(ModelPermissionPolicy):
    """Every action on the model is for province administrators (and superusers), whatever the groups'
    model permissions say: trusting a tool or changing a target moves the province's figures."""

    def user_has_permission(self, user, action):
        return is_province_admin(user)

    def user_has_any_permission(self, user, actions):
        return is_province_admin(user)
