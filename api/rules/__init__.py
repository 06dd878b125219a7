"""Rules: ordered conditions on a record's text, amount, account and direction, and what they set."""
