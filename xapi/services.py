"""The public face of xapi: the only module other apps may import from it."""
