"""Small helpers every app may use: text on the way in, client addresses, formula-safe spreadsheets.

This package sits below every app and imports none of them (the import contracts check it).
"""
