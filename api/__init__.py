"""Finance Tracker: a self-hosted personal finance tracker with a GraphQL API."""
