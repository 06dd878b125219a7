"""The ledger: records, their legs per account, periods, balances and the one writer of records.

It sits below the domains: accounts, categories, records, summaries and the importer read from it,
and only `api.ledger.writer` inserts, updates or deletes records.
"""
