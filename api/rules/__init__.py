"""Rules: ordered conditions on a record's text, amount, account and direction, and what they set.

The importer's surface: `rules = await load_rule_set(session, user_id)` once, then
`rules.match(account_id, signed_amount, payee, description)` per row, giving `RuleActions` or None.
"""

from api.rules.matching import RuleActions, RuleSet, record_kind
from api.rules.service import load_rule_set

__all__ = ["RuleActions", "RuleSet", "load_rule_set", "record_kind"]
