"""The public face of certificates: the only module other apps may import from it."""
