"""The public face of reporting: the only module other apps may import from it."""
