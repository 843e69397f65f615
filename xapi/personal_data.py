"""xapi's part of a user's personal data: every statement naming them; erasure anonymises them in place."""

from .services import forget_user, statements_of


def export(user, identifiers):
    return [statement.data for statement in statements_of(user, identifiers.emails, identifiers.phones)]


def erase(user, identifiers):
    forget_user(user, identifiers.emails, identifiers.phones)
