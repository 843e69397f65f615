"""The public face of agencies: the only module other apps may import from it."""
