"""Who belongs where: the agency tree, the staff roster, HR-officer scopes."""
