"""The Learning Record Store: statements, documents, credentials, processors, forwarding."""
