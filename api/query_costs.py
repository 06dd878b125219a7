"""This schema's cost model: how many items each list yields, and which fields run their own queries.

Weights are in points: 1 for every field a resolver or the serializer touches, DATABASE_QUERY for
a field that runs a database query of its own, PASSWORD_HASH for one bcrypt hash (about 0.2 s,
so aliases of `login` or `register` are costly too). List sizes are upper bounds from the arguments
and from the user's counts: a summary's balances have one point per period for each account (the
filter's accountIds, if given, bound the accounts), its byPeriod one row per period and currency;
`records` yields `first` records. Category trees are walked at one child per category on average,
which holds over a whole level of any tree. Introspection is free (see api.graphql.cost).

The counts are the user's own, from one cheap query (an upper bound on accounts would have to be a
limit nobody has set). Calibration on a small shared machine: a balance point (3 points: the item,
its date and its balance) took about 60 µs to build and serialize, so the default budget of 50,000
(MAX_QUERY_COST) is about a second of work at worst, while a year of every summary part costs a
few thousand points and ten years of monthly ones for 100 accounts under 50,000.
"""

from __future__ import annotations

from datetime import date, timedelta

from api.budgets.service import MAX_BUDGETS
from api.errors import DomainError
from api.exports.schema import MAX_GRAPHQL_CSV_ROWS
from api.goals.service import MAX_GOALS
from api.graphql.context import Context
from api.graphql.cost import Arguments, CostModel, FieldCost
from api.imports.presets import MAX_PRESETS_PER_ACCOUNT
from api.imports.service import DEFAULT_LISTED_ROWS, MAX_IMPORTS_PAGE
from api.imports.types import MAX_ROWS_PAGE
from api.ledger.periods import Period, period_start
from api.records.service import MAX_PAGE_SIZE
from api.recurring.service import MAX_SCHEDULES
from api.recurring.upcoming import MAX_UPCOMING_DAYS
from api.rules.applying import MAX_SAMPLES
from api.rules.service import MAX_RULES
from api.summaries.payees import MAX_PAYEES
from api.summaries.service import MAX_RANGE_YEARS
from api.users.counts import OwnedCounts, count_owned

DATABASE_QUERY = 100
PASSWORD_HASH = 20_000
MONTHS_PER_PERIOD = {Period.MONTH: 1, Period.QUARTER: 3, Period.YEAR: 12}


def period_count(date_from: date, date_to: date, period: Period) -> int:
    """How many periods overlap the range, counted without listing them (the range may be absurd)."""
    # Longer ranges are refused by the summary before it computes anything; bill the longest allowed.
    longest = timedelta(days=366 * MAX_RANGE_YEARS)
    if date_from <= date.max - longest:
        date_to = min(date_to, date_from + longest)
    if date_to < date_from:
        return 0
    first, last = period_start(date_from, period), period_start(date_to, period)
    if period is Period.DAY:
        return (last - first).days + 1
    if period is Period.WEEK:
        return (last - first).days // 7 + 1
    months = (last.year - first.year) * 12 + last.month - first.month
    return months // MONTHS_PER_PERIOD[period] + 1


def _periods(arguments: Arguments) -> int:
    return period_count(arguments["from"], arguments["to"], arguments["period"])


def _summary_accounts(arguments: Arguments, counts: OwnedCounts) -> int:
    account_ids = (arguments.get("filter") or {}).get("accountIds") or ()
    return min(len(set(account_ids)), counts.accounts) if account_ids else counts.accounts


def _page_size(arguments: Arguments, counts: OwnedCounts) -> int:
    return min(max(arguments["first"], 1), MAX_PAGE_SIZE)


def _bounded(arguments: Arguments, most: int) -> int:
    return min(max(arguments["first"], 1), most)


def _payees(arguments: Arguments, counts: OwnedCounts) -> int:
    return min(max(arguments["limit"], 1), MAX_PAYEES) * counts.currencies


def _categories(arguments: Arguments, counts: OwnedCounts) -> int:
    return counts.categories + 1  # and the uncategorized row


def _period_columns(arguments: Arguments, counts: OwnedCounts) -> int:
    return _periods(arguments)


def _budget_lines(arguments: Arguments, counts: OwnedCounts) -> int:
    return min(counts.categories * max(counts.currencies, 1), MAX_BUDGETS)


def _upcoming_days(arguments: Arguments) -> int:
    """The horizon asked for, bounded like the service bounds it."""
    return min(max(arguments["days"], 1), MAX_UPCOMING_DAYS)


def _one_on_average(arguments: Arguments, counts: OwnedCounts) -> int:
    return 1


async def _load_counts(context: Context) -> OwnedCounts:
    """The signed-in user's counts; nobody's are zero (the fields that need them refuse anonymous)."""
    try:
        user = await context.authenticate()
    except DomainError:  # not signed in: the permission classes say so when the fields resolve
        return OwnedCounts()
    return await count_owned(context.session, user.id)


COSTS: dict[tuple[str, str], FieldCost[OwnedCounts]] = {
    ("Mutation", "register"): FieldCost(PASSWORD_HASH),
    ("Mutation", "login"): FieldCost(PASSWORD_HASH),
    ("Mutation", "changePassword"): FieldCost(2 * PASSWORD_HASH),
    ("Mutation", "createRecords"): FieldCost(DATABASE_QUERY, lambda arguments, _: len(arguments["inputs"])),
    ("Query", "accounts"): FieldCost(DATABASE_QUERY, lambda _, counts: counts.accounts, uses_counts=True),
    ("Query", "categories"): FieldCost(DATABASE_QUERY, lambda _, counts: counts.categories, uses_counts=True),
    ("Category", "children"): FieldCost(1, _one_on_average),
    ("Query", "imports"): FieldCost(
        DATABASE_QUERY, lambda arguments, _: _bounded(arguments, MAX_IMPORTS_PAGE)
    ),
    ("Import", "rows"): FieldCost(DATABASE_QUERY, lambda arguments, _: _bounded(arguments, MAX_ROWS_PAGE)),
    # Listed: the first rows and refused rows up to as many again.
    ("ImportResult", "rows"): FieldCost(1, lambda arguments, _: 2 * DEFAULT_LISTED_ROWS),
    ("Query", "presets"): FieldCost(DATABASE_QUERY, lambda arguments, _: MAX_PRESETS_PER_ACCOUNT),
    ("Query", "records"): FieldCost(DATABASE_QUERY),
    ("Query", "rules"): FieldCost(DATABASE_QUERY, lambda *_: MAX_RULES),
    ("Mutation", "reorderRules"): FieldCost(DATABASE_QUERY, lambda arguments, _: len(arguments["ids"])),
    ("Mutation", "applyRules"): FieldCost(10 * DATABASE_QUERY),  # reads every selected record in batches
    ("ApplyRulesResult", "rules"): FieldCost(1, lambda *_: MAX_RULES),
    ("Query", "budgets"): FieldCost(DATABASE_QUERY, lambda *_: MAX_BUDGETS),
    ("Query", "budgetReport"): FieldCost(3 * DATABASE_QUERY),
    # One line per budgeted category and currency: at most one per category and currency owned.
    ("BudgetReport", "lines"): FieldCost(1, _budget_lines, uses_counts=True),
    ("BudgetReport", "overspending"): FieldCost(1, _budget_lines, uses_counts=True),
    ("BudgetReport", "totals"): FieldCost(1, lambda _, counts: max(counts.currencies, 1), uses_counts=True),
    ("Query", "goals"): FieldCost(3 * DATABASE_QUERY, lambda *_: MAX_GOALS),
    ("RuleApplication", "samples"): FieldCost(1, lambda *_: MAX_SAMPLES),
    # A string, but up to MAX_GRAPHQL_CSV_ROWS records built into it: billed like that many items.
    ("Query", "exportRecordsCsv"): FieldCost(3 * DATABASE_QUERY + MAX_GRAPHQL_CSV_ROWS),
    ("RecordConnection", "edges"): FieldCost(1, _page_size),
    ("RecordConnection", "nodes"): FieldCost(1, _page_size),
    ("RecordConnection", "totalCount"): FieldCost(DATABASE_QUERY),
    ("Query", "schedules"): FieldCost(DATABASE_QUERY, lambda _, counts: counts.schedules, uses_counts=True),
    # Weekly is the densest schedule: at most one record per schedule and started week of the horizon.
    ("Query", "upcoming"): FieldCost(4 * DATABASE_QUERY),
    ("Upcoming", "records"): FieldCost(
        1, lambda arguments, counts: counts.schedules * (_upcoming_days(arguments) // 7 + 1), uses_counts=True
    ),
    ("Upcoming", "balances"): FieldCost(1, lambda _, counts: counts.accounts, uses_counts=True),
    ("ProjectedBalance", "points"): FieldCost(1, lambda arguments, _: _upcoming_days(arguments) + 1),
    # Reads two years of the user's income and expenses and runs the finder over them.
    ("Query", "recurringSuggestions"): FieldCost(10 * DATABASE_QUERY, lambda *_: MAX_SCHEDULES),
    ("Mutation", "acceptSuggestion"): FieldCost(10 * DATABASE_QUERY),
    ("Mutation", "dismissSuggestion"): FieldCost(10 * DATABASE_QUERY),
    ("Summary", "totals"): FieldCost(DATABASE_QUERY, lambda _, counts: counts.currencies, uses_counts=True),
    ("Summary", "byPeriod"): FieldCost(
        DATABASE_QUERY, lambda arguments, counts: _periods(arguments) * counts.currencies, uses_counts=True
    ),
    ("Summary", "byCategory"): FieldCost(
        DATABASE_QUERY, lambda _, counts: counts.categories * counts.currencies, uses_counts=True
    ),
    ("CategoryTotals", "children"): FieldCost(1, _one_on_average),
    ("Summary", "byAccount"): FieldCost(DATABASE_QUERY, lambda _, counts: counts.accounts, uses_counts=True),
    ("Summary", "balances"): FieldCost(2 * DATABASE_QUERY, _summary_accounts, uses_counts=True),
    ("AccountBalanceSeries", "points"): FieldCost(1, lambda arguments, _: _periods(arguments)),
    ("Summary", "byPayee"): FieldCost(DATABASE_QUERY, _payees, uses_counts=True),
    ("Summary", "incomeStatement"): FieldCost(
        DATABASE_QUERY, lambda _, counts: counts.currencies, uses_counts=True
    ),
    ("IncomeStatement", "income"): FieldCost(1, _categories, uses_counts=True),
    ("IncomeStatement", "expense"): FieldCost(1, _categories, uses_counts=True),
    ("IncomeStatementRow", "children"): FieldCost(1, _one_on_average),
    **{
        (type_name, field_name): FieldCost(1, _period_columns)
        for type_name, field_name in [
            ("IncomeStatement", "periods"),
            ("IncomeStatement", "totalIncome"),
            ("IncomeStatement", "totalExpense"),
            ("IncomeStatement", "net"),
            ("IncomeStatementRow", "amounts"),
        ]
    },
}

COST_MODEL = CostModel(fields=COSTS, load_counts=_load_counts)
