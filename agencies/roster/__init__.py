"""The roster from files: reading a roster file, importing it in bulk, the admin's uploads and their reports."""
