"""The demo province for `seed_demo`, which calls `agencies.demo.seed`: the agency tree, its staff, demo logins."""

from .seeding import plan_staff, seed

__all__ = ["plan_staff", "seed"]
