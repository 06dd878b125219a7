"""Savings goals: a target amount by a date, measured against (a share of) an account's balance."""
