"""The public face of courses: the only module other apps may import from it."""
