"""Text messages (SMS) through a pluggable sender, chosen by the `SMS_BACKEND` setting (a dotted path).

A gateway is a class with `send(phone, message)`; `ConsoleSMSSender` (the default) writes the message to
the log, and keeps it in `outbox` so that tests can read the codes it sent, as with Django's mail.outbox.
"""

import logging

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger("accounts.sms")

DEFAULT_BACKEND = "accounts.sms.ConsoleSMSSender"

# Every message the console sender sent in this process: (phone, message) pairs, oldest first.
outbox = []


class BaseSMSSender:
    def send(self, phone, message):
        raise NotImplementedError


class ConsoleSMSSender(BaseSMSSender):
    """Development and tests: log the message instead of sending it, and keep it in `outbox`."""

    def send(self, phone, message):
        outbox.append((phone, message))
        logger.info("SMS to %s: %s", phone, message)


def get_sender():
    return import_string(getattr(settings, "SMS_BACKEND", "") or DEFAULT_BACKEND)()


def send_sms(phone, message):
    get_sender().send(phone, message)
