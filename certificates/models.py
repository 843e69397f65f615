"""Proof of completion: issuing, PDF rendering, verification, revocation, badges."""
