"""Linking an account to its roster entry: matching, the learner's confirmation, and requests HR officers decide."""
