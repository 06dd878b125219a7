"""A realistic two-year money life for the demo user, generated deterministically from a seed.

Someone in Munich with a salary, rent, groceries several times a week, lunches and coffees,
subscriptions, a credit card paid off monthly, savings, a US account and brokerage fed in USD,
and a trip to Japan paid in yen.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import ROUND_HALF_EVEN, Decimal

from api.accounts.models import AccountType
from api.demo.history import DemoAccount, DemoData, HistoryBuilder, day_of_month, previous_business_day
from api.ledger.models import RecordKind

DEMO_SEED = 20240101
HISTORY_DAYS = 2 * 365

CHECKING = "Main checking"
SAVINGS = "Savings"
CARD = "Credit card"
WALLET = "Wallet"
US_CHECKING = "US checking"
BROKERAGE = "Brokerage"
YEN_WALLET = "Japan travel cash"

ACCOUNTS = [
    DemoAccount(CHECKING, AccountType.CHECKING, "EUR", Decimal("5800.00")),
    DemoAccount(SAVINGS, AccountType.SAVINGS, "EUR", Decimal("8000.00")),
    DemoAccount(CARD, AccountType.CREDIT_CARD, "EUR", Decimal("0.00")),
    DemoAccount(WALLET, AccountType.CASH, "EUR", Decimal("80.00")),
    DemoAccount(US_CHECKING, AccountType.CHECKING, "USD", Decimal("1600.00")),
    DemoAccount(BROKERAGE, AccountType.INVESTMENT, "USD", Decimal("5000.00")),
    DemoAccount(YEN_WALLET, AccountType.CASH, "JPY", Decimal("0")),
]

# (payee, amount, day of month, account, category): same payee, same amount, regular interval.
SUBSCRIPTIONS = [
    ("Netflix", "13.99", 5, CARD, "Entertainment / Subscriptions"),
    ("Spotify", "10.99", 12, CARD, "Entertainment / Subscriptions"),
    ("FitX Gym", "24.99", 1, CHECKING, "Health"),
    ("Vodafone", "29.99", 15, CARD, "Housing / Utilities"),
    ("Telekom Internet", "39.95", 20, CHECKING, "Housing / Utilities"),
    ("Stadtwerke München", "92.00", 10, CHECKING, "Housing / Utilities"),
    ("MVG Deutschlandticket", "49.00", 1, CHECKING, "Transport / Public transport"),
    ("Allianz Hausrat", "11.90", 1, CHECKING, "Insurance"),
    ("Ärzte ohne Grenzen", "15.00", 28, CHECKING, "Gifts & donations"),
    ("Amazon Web Services", "4.80", 3, US_CHECKING, "Entertainment / Subscriptions"),
]
GROCERS = ["REWE", "Lidl", "Aldi Süd", "Edeka", "Denns BioMarkt", "Penny"]
RESTAURANTS = [
    "Trattoria Da Enzo", "Sushi Kyoto", "Burger Lab", "Thai Orchid", "Augustiner Keller",
    "Café Luitpold", "Vapiano", "Ramen Kaito", "Taverna Olympia",
]
JAPAN_SHOPS = ["Lawson", "FamilyMart", "7-Eleven Shinjuku"]
JAPAN_RESTAURANTS = ["Ichiran Ramen", "Sushi Zanmai", "Torikizoku", "Coco Ichibanya"]
# (days after the start, payee, amount, account, category)
BIG_PURCHASES = [
    (95, "MediaMarkt", "1349.00", CARD, "Shopping / Electronics"),
    (310, "IKEA", "899.00", CHECKING, "Housing / Maintenance"),
    (455, "Fahrrad Radsport Huber", "1190.00", CARD, "Transport"),
    (640, "Apple Store", "1129.00", CARD, "Shopping / Electronics"),
]


def generate_demo_data(today: date, seed: int = DEMO_SEED) -> DemoData:
    """The demo history for the two years up to `today`; the same inputs give the same data."""
    # Reproducible demo data, never a secret.
    rng = random.Random(seed)  # nosec B311
    builder = HistoryBuilder(rng, today - timedelta(days=HISTORY_DAYS), today, ACCOUNTS)
    for month in builder.months():
        _monthly_life(builder, month)
    _daily_life(builder)
    _occasional_purchases(builder)
    _japan_trip(builder, today - timedelta(days=150))
    _pay_off_credit_card(builder)
    builder.records.sort(key=lambda record: record.occurred_on)
    return DemoData(accounts=list(ACCOUNTS), records=builder.records)


def _monthly_life(builder: HistoryBuilder, month: date) -> None:
    """Salary, rent, subscriptions, savings, interest and the USD side, once a month."""
    months_in = (month.year - builder.start.year) * 12 + month.month - builder.start.month
    raise_applied = months_in >= 12
    payday = previous_business_day(day_of_month(month, 25))
    salary = Decimal("4420.00") if raise_applied else Decimal("4250.00")
    builder.income(CHECKING, payday, salary, "Northwind Analytics GmbH", "Salary",
                   description=f"Salary {month:%B %Y}")
    if month.month == 11:
        builder.income(CHECKING, payday, Decimal("1900.00"), "Northwind Analytics GmbH", "Salary",
                       description="Christmas bonus", tags=("bonus",))
    rent = Decimal("1185.00") if raise_applied else Decimal("1150.00")
    builder.expense(CHECKING, month, rent, "Hausverwaltung Becker", "Housing / Rent", description="Rent")
    for payee, amount, day, account, category in SUBSCRIPTIONS:
        builder.expense(account, day_of_month(month, day), Decimal(amount), payee, category,
                        tags=("subscription",))
    builder.transfer(CHECKING, SAVINGS, day_of_month(month, 27), Decimal("400.00"), "Standing order",
                     description="Monthly savings")
    _savings_interest(builder, month)
    _us_side(builder, month)


def _savings_interest(builder: HistoryBuilder, month: date) -> None:
    """3 % a year on the savings balance, paid at the end of the month."""
    interest = (builder.balances[SAVINGS] * Decimal("0.0025")).quantize(Decimal("0.01"), ROUND_HALF_EVEN)
    builder.income(SAVINGS, day_of_month(month, 31), interest, "Interest", "Interest & dividends")


def _us_side(builder: HistoryBuilder, month: date) -> None:
    """Twice a year euros go to the US account (at that day's rate); monthly investments, dividends."""
    if month.month in (1, 7):
        amount = Decimal("1500.00")
        rate = Decimal(builder.rng.randint(1050, 1120)) / 1000
        arrived = (amount * rate).quantize(Decimal("0.01"), ROUND_HALF_EVEN)
        builder.transfer(CHECKING, US_CHECKING, day_of_month(month, 5), amount, "Wise",
                         arrived=arrived, description=f"EUR to USD at {rate}")
    builder.transfer(US_CHECKING, BROKERAGE, day_of_month(month, 8), Decimal("250.00"), "Monthly investment",
                     description="Vanguard FTSE All-World")
    if month.month in (3, 6, 9, 12):
        builder.income(BROKERAGE, day_of_month(month, 20), builder.amount("18.00", "46.00", BROKERAGE),
                       "Vanguard", "Interest & dividends", description="Quarterly dividend")


def _daily_life(builder: HistoryBuilder) -> None:
    """Groceries, coffee, bakery, lunch at work, restaurants and cash from the ATM, day by day."""
    for day in builder.days():
        weekday = day.weekday()
        if builder.chance(0.85 if weekday == 5 else 0.5 if weekday < 5 else 0.0):
            account = CHECKING if builder.chance(0.7) else CARD
            high = "140.00" if weekday == 5 else "65.00"
            builder.expense(account, day, builder.amount("6.50", high, account), builder.rng.choice(GROCERS),
                            "Food / Groceries")
        if builder.chance(0.35):
            builder.expense(WALLET, day, builder.amount("1.80", "7.60", WALLET), "Bäckerei Wolf",
                            "Food / Groceries")
        if weekday < 5 and builder.chance(0.6):
            builder.expense(WALLET, day, builder.amount("2.80", "4.60", WALLET), "Café Frida",
                            "Food / Restaurants", description="Coffee")
        if weekday < 5 and builder.chance(0.55):
            builder.expense(CHECKING, day, builder.amount("5.40", "9.20", CHECKING), "Kantine Northwind",
                            "Food / Restaurants", description="Lunch")
        if builder.chance(0.25):
            builder.expense(WALLET, day, builder.amount("1.20", "4.50", WALLET), "Kiosk am Sendlinger Tor",
                            "Food / Groceries", description="Snacks and newspaper")
        if builder.chance(0.35 if weekday >= 4 else 0.12):
            _restaurant_visit(builder, day)
        if builder.chance(0.3 if weekday in (4, 5) else 0.03):
            builder.expense(CARD, day, builder.amount("9.00", "48.00", CARD),
                            builder.rng.choice(["Bar Centrale", "Kino Atelier", "Muffatwerk"]),
                            "Entertainment / Going out")
        if builder.chance(0.08):
            builder.expense(CARD, day, builder.amount("14.50", "38.90", CARD), "Lieferando",
                            "Food / Restaurants", description="Delivery")
        if builder.balances[WALLET] < Decimal("25.00"):
            amount = Decimal(builder.rng.choice(["100.00", "150.00", "200.00"]))
            builder.transfer(CHECKING, WALLET, day, amount, "ATM Sparkasse", description="Cash withdrawal")


def _restaurant_visit(builder: HistoryBuilder, day: date) -> None:
    """Dinner out on the card; now and then a client dinner that gets tagged."""
    business = builder.chance(0.08)
    builder.expense(
        CARD, day, builder.amount("16.00", "95.00" if business else "68.00", CARD),
        builder.rng.choice(RESTAURANTS), "Food / Restaurants",
        description="Client dinner" if business else "", tags=("business",) if business else (),
    )


def _occasional_purchases(builder: HistoryBuilder) -> None:
    """Fuel, trains, pharmacy, online shopping with the odd refund, gifts and big purchases."""
    for day in builder.days():
        if builder.chance(0.05):
            station = builder.rng.choice(["Shell", "Aral"])
            builder.expense(CARD, day, builder.amount("48.00", "86.00", CARD), station, "Transport / Fuel",
                            description="Car sharing top-up")
        if builder.chance(0.02):
            builder.expense(CARD, day, builder.amount("19.90", "139.90", CARD), "Deutsche Bahn",
                            "Transport / Public transport", description="Train ticket")
        if builder.chance(0.04):
            builder.expense(CHECKING, day, builder.amount("4.50", "38.00", CHECKING), "Apotheke am Markt",
                            "Health / Pharmacy")
        if builder.chance(0.1):
            builder.expense(CHECKING, day, builder.amount("3.95", "27.50", CHECKING), "dm-drogerie markt",
                            "Shopping")
        if builder.chance(0.06):
            builder.expense(CARD, day, builder.amount("9.99", "89.00", CARD), "Amazon", "Shopping")
        if builder.chance(0.04):
            _clothes_order(builder, day)
        if day.month == 12 and 1 <= day.day <= 22 and builder.chance(0.2):
            builder.expense(CARD, day, builder.amount("15.00", "80.00", CARD),
                            builder.rng.choice(["Thalia", "Galeria", "Hugendubel"]), "Gifts & donations",
                            description="Christmas present", tags=("christmas",))
        if day.month == 1 and day.day == 15:
            builder.expense(CHECKING, day, Decimal("68.40"), "HUK-Coburg", "Insurance",
                            description="Personal liability insurance")
    for offset, payee, amount, account, category in BIG_PURCHASES:
        builder.expense(account, builder.start + timedelta(days=offset), Decimal(amount), payee, category,
                        tags=("big-purchase",))


def _clothes_order(builder: HistoryBuilder, day: date) -> None:
    """An online clothes order; about one in five is sent back and refunded ten days later."""
    amount = builder.amount("29.95", "149.00", CARD)
    builder.expense(CARD, day, amount, "Zalando", "Shopping / Clothing")
    if builder.chance(0.2):
        builder.income(CARD, day + timedelta(days=10), amount, "Zalando", "Refunds", description="Return")


def _japan_trip(builder: HistoryBuilder, departure: date) -> None:
    """Flights and hotel on the card, euros changed to yen, then twelve days of spending in yen."""
    trip = ("vacation", "japan-trip")
    builder.expense(CARD, departure - timedelta(days=75), Decimal("1089.00"), "Lufthansa", "Travel",
                    description="Flights Munich–Tokyo", tags=trip)
    builder.expense(CARD, departure - timedelta(days=60), Decimal("1240.00"), "Hotel Gracery Shinjuku",
                    "Travel", description="Hotel, 12 nights", tags=trip)
    builder.transfer(CHECKING, YEN_WALLET, departure - timedelta(days=2), Decimal("800.00"), "Reisebank",
                     arrived=Decimal("129600"), description="EUR to JPY at 162")
    for offset in range(12):
        day = departure + timedelta(days=offset)
        for _ in range(builder.rng.randint(2, 4)):
            builder.expense(YEN_WALLET, day, builder.amount("380", "1800", YEN_WALLET),
                            builder.rng.choice(JAPAN_SHOPS), "Food / Groceries", tags=trip)
        builder.expense(YEN_WALLET, day, builder.amount("1200", "6500", YEN_WALLET),
                        builder.rng.choice(JAPAN_RESTAURANTS), "Food / Restaurants", tags=trip)
        if builder.chance(0.4):
            builder.expense(YEN_WALLET, day, builder.amount("210", "14170", YEN_WALLET), "JR East",
                            "Transport / Public transport", tags=trip)


def _pay_off_credit_card(builder: HistoryBuilder) -> None:
    """On the 3rd of each month the checking account pays what the card spent the month before."""
    owed: dict[date, Decimal] = {}
    for record in builder.records:
        if record.account == CARD:
            month = record.occurred_on.replace(day=1)
            sign = -1 if record.kind == RecordKind.INCOME else 1
            owed[month] = owed.get(month, Decimal(0)) + sign * record.amount
    for month, amount in sorted(owed.items()):
        due = day_of_month((month + timedelta(days=32)).replace(day=1), 3)
        if amount > 0:
            builder.transfer(CHECKING, CARD, due, amount, "Credit card payment",
                             description=f"Statement {month:%B %Y}")
