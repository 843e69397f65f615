from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class XapiConfig(AppConfig):
    name = "xapi"
    verbose_name = _("Learning records (xAPI)")

    def ready(self):
        from django.core.cache import cache
        from django.db.models.signals import post_delete, post_save

        from accounts.services import register_personal_data

        from . import personal_data
        from .http import forget_credential
        from .models import Credential, credential_cache_key

        register_personal_data("statements", personal_data.export, erase=personal_data.erase)

        def forget(sender, instance, **kwargs):
            forget_credential(instance.key)
            if kwargs.get("signal") is post_delete:  # also when deleted with its owner, not by delete()
                cache.delete(credential_cache_key(instance.key))

        post_save.connect(forget, sender=Credential, dispatch_uid="xapi.forget_credential.save", weak=False)
        post_delete.connect(forget, sender=Credential, dispatch_uid="xapi.forget_credential.delete", weak=False)
