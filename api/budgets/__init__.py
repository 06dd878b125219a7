"""Budgets: a monthly amount per expense category, with optional rollover, and the report against it."""
