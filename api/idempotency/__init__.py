"""Idempotency keys: a client-chosen key makes a retried write answer its first result."""
