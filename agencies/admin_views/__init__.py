"""The Wagtail admin screens of agencies: the agency tree, the roster, roster uploads, roles and link requests.

wagtail_hooks.py registers them. Not named `admin`: Django's admin autodiscovery imports `agencies.admin`.
"""
