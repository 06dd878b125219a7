"""Importing bank files: parsing (formats/), matching against the ledger, writing through the writer."""
