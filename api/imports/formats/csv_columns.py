"""What a CSV header cell means, in the languages of the banks users bring: EN (with the abbreviations of
Indian banks' statements), DE, FR, NL, ES, IT, PT (with Brazil's), PL, CS, HU, RO, TR, the Nordic SV,
DA, NO, FI, and RU, UK, EL, HE, ZH, JA, KO, TH, VI. Words are compared as `normalize_header` leaves
them (lower case, no accents), so they are written here as the banks write them."""

from __future__ import annotations

import re
import unicodedata

# Most specific role first: "Debit amount" is a debit column before it is an amount column.
ROLE_WORDS: dict[str, tuple[str, ...]] = {
    "date": (
        "date", "datum", "buchungstag", "buchungsdatum", "buchung", "transaction date", "booking date",
        "posting date", "posted date", "trans date", "txn date", "tran date", "date operation",
        "date de l'operation", "date d'operation", "date comptable", "fecha", "fecha operacion",
        "fecha de operacion", "transactiedatum", "boekdatum", "boekingsdatum", "data", "data contabile",
        "data operazione", "data movimento", "data operacji", "data ksiegowania", "bokforingsdag",
        "bokforingsdatum", "transaktionsdag", "transaktionsdatum", "reskontradatum", "bogforingsdato",
        "bogfort", "dato", "kirjauspaiva", "tapahtumapaiva", "maksupaiva", "paivamaara", "datum zauctovani",
        "datum pohybu", "datum provedeni", "konyveles datuma", "tranzakcio datuma", "data tranzactie",
        "data inregistrare", "tarih", "islem tarihi", "日付", "取引日", "お取引日", "年月日", "利用日", "ご利用日",
        "дата операции", "дата", "дата проводки", "дата операції", "ημερομηνία", "ημ/νία συναλλαγής",
        "תאריך", "交易创建时间", "交易时间", "交易日期", "记账日期", "日期", "거래일시", "거래일자", "거래일",
        "วันที่", "ngày giao dịch", "ngày",
    ),
    "value_date": (
        "valuta", "valutadatum", "wertstellung", "value date", "value dt", "date de valeur", "date valeur",
        "fecha valor", "rentedatum", "data valuta", "data valor", "valutadag", "rentedato", "arvopaiva",
        "erteknap", "value dat", "date val", "дата валютирования", "ημ/νία αξίας", "ημερομηνία αξίας",
        "תאריך ערך",
    ),
    "debit": (
        "debit", "debit amount", "debits", "outflow", "expense amount", "soll", "paid out", "money out",
        "withdrawal", "withdrawals",
        "ausgang", "belastung", "lastschrift", "cargo", "cargos", "afschrijving", "dr", "uscite", "addebiti",
        "debito", "debitos", "retiros", "retiro", "withdrawn", "obciazenia", "uttak", "uttak fra konto", "ut",
        "udbetaling", "uttag", "debet", "veloitus",
        "支払い金額", "お支払金額", "お引出金額", "出金金額", "出金額", "出金", "расход", "списание",
        "витрата", "χρέωση", "חובה", "支出金额", "支出金額", "출금액", "출금", "찾으신금액", "ถอนเงิน",
        "số tiền ghi nợ", "ghi nợ",
    ),
    "credit": (
        "credit", "credit amount", "credits", "inflow", "income amount", "haben", "paid in", "money in",
        "deposit", "deposits",
        "eingang", "gutschrift", "abono", "abonos", "bijschrijving", "cr", "entrate", "accrediti", "credito",
        "creditos", "depositos", "deposito",
        "uznania", "innskudd", "innskudd pa konto", "inn", "indbetaling", "insattning", "kredit", "hyvitys",
        "預かり金額", "お預入金額", "お預り金額", "入金金額", "入金額", "入金", "приход", "зачисление",
        "поступление", "надходження", "πίστωση", "זכות", "存入金额", "存入金額", "收入金额", "입금액", "입금",
        "맡기신금액", "ฝากเงิน", "số tiền ghi có", "ghi có",
    ),
    "amount": (
        "amount", "betrag", "umsatz", "montant", "bedrag", "importe", "transaction amount", "net",
        "net amount", "importo", "montante", "kwota", "value", "sum", "belopp", "belob", "belop", "maara",
        "summa", "valor", "objem", "castka", "osszeg", "suma", "tutar", "islem tutari", "netto", "入出金",
        "金額", "取引金額", "利用金額", "ご利用金額", "сумма платежа", "сумма", "сумма операции",
        "сума в валюті картки", "сума", "ποσό", "סכום", "金额", "交易金额", "금액", "거래금액", "จำนวนเงิน",
        "số tiền",
    ),
    "payee": (
        "payee", "name", "empfanger", "auftraggeber", "zahlungsempfanger", "auftraggeber/empfanger",
        "empfanger/zahlungspflichtiger", "begunstigter/zahlungspflichtiger",
        "beguenstigter/zahlungspflichtiger", "name zahlungsbeteiligter", "beneficiary", "counterparty",
        "merchant", "beneficiaire", "tiers", "naam", "tegenpartij", "naam tegenpartij", "beneficiario",
        "ordenante", "nadawca/odbiorca", "kontrahent", "beneficiario/ordinante", "namn", "navn", "nimi",
        "mottagare/avsandare", "modtager", "mottaker", "saaja/maksaja", "maksaja/saaja", "saaja", "maksaja",
        "maksunsaaja", "nazev protiuctu", "nazev uctu protistrany", "obchodnik", "partner neve",
        "kedvezmenyezett", "beneficiar", "ordonator", "counter party", "контрагент", "получатель",
        "отправитель", "交易对方", "对方", "보낸분/받는분", "받는분", "δικαιούχος",
    ),
    "description": (
        "description", "memo", "verwendungszweck", "reference", "buchungstext", "details", "libelle",
        "libelle operation", "omschrijving", "mededelingen", "concepto", "descripcion", "narrative",
        "transaction description", "purpose", "notes", "note", "narration", "particulars", "remarks",
        "transaction remarks", "transaction details", "descrizione", "causale", "descricao", "opis operacji",
        "tytul", "opis", "rubrik", "text", "beskrivning", "meddelande", "referens", "text/mottagare", "tekst",
        "beskrivelse", "forklaring", "selitys", "viesti", "otsikko", "poznamka", "zprava pro prijemce",
        "popis", "kozlemeny", "megjegyzes", "tranzakcio leirasa", "descriere", "detalii",
        "detalii tranzactie", "aciklama", "label", "beschreibung", "avisierungstext", "historico", "摘要内容",
        "摘要",
        "入出金内容", "取引内容", "お取引内容", "内容", "ご利用店名", "利用店名", "описание",
        "описание операции", "назначение платежа", "опис операції", "деталі операції", "αιτιολογία",
        "περιγραφή", "פרטים", "商品名称", "商品", "适要", "적요", "내용", "รายการ", "รายละเอียด", "diễn giải",
        "mô tả", "nội dung",
    ),
    "external_id": (
        "transaction id", "transaktions-id", "transaktionsid", "id", "fitid", "reference number",
        "transactie id", "numero de transaccion", "reference de l'operation", "arkistointitunnus",
        "identificador", "id pohybu", "dekont no", "transaktionscode", "交易号", "交易单号",
    ),
    "currency": (
        "currency", "wahrung", "waehrung", "devise", "munt", "divisa", "moneda", "ccy", "moeda", "waluta",
        "valuutta", "valutakod", "mena", "devizanem", "penznem", "para birimi", "валюта", "валюта платежа",
        "валюта картки", "νόμισμα", "מטבע", "币种", "貨幣", "통화", "loại tiền",
    ),
    "balance": ("balance", "saldo", "solde", "kontostand", "running balance", "new balance", "bal",
                "saldo po operacji", "egyenleg", "sold", "bakiye", "guthaben", "差引残高", "取引後残高", "残高",
                "остаток", "залишок", "залишок після операції", "υπόλοιπο", "יתרה", "余额", "餘額", "잔액",
                "ยอดคงเหลือ", "số dư"),
    # A fee charged beside the amount (Revolut): read only when the balances show it charged on top.
    "fee": ("fee", "fees", "gebuhr", "gebuehr", "gebuhren", "frais", "comision", "commissione", "oplata"),
    # Whether the bank has booked the row (`api.imports.formats.statuses`).
    "status": ("status", "state", "buchungsstatus", "info", "estado", "stato", "statut", "статус",
               "κατάσταση", "交易状态", "状态", "상태", "สถานะ", "trạng thái"),
    # Which way the money went, beside an unsigned amount (ING NL's Af Bij, S/H of German Volksbanken).
    "direction": (
        "af bij", "af/bij", "debit/credit", "credit/debit", "debit credit", "credit debit", "dr/cr", "cr/dr",
        "soll/haben", "s/h", "+/-", "direction", "debit credit indicator", "credit debit indicator",
        "debit/credit indicator", "credit/debit indicator", "transaction type", "type", "收/支", "χ/π",
    ),
}
_CONTAINED_ORDER = ("direction", "debit", "credit", "value_date", "date", "balance", "amount", "currency",
                    "external_id", "payee", "description", "status", "fee")
# Account numbers of the other party ("IBAN Auftraggeber") are not the party's name; a card payment's
# amount and currency before conversion ("Original Amount", "Local currency") are not the account's.
_NOT_READ = re.compile(
    r"\b(?:iban|bic|blz|swift|konto|kontonummer|account|rekening|sort code|original|orig|foreign|local|"
    r"exchange|ursprungsbetrag|oorspr|fremdwahrung|reference txn id|betrag detail|einzelbetrag|categor\w*)\b"
    r"|валюта (?:операц|транзакц)\w*|сума в валют\w* (?:операц|транзакц)\w*|сумма операции с")
# A column headed by a currency code, as RBC writes its amounts ("CAD$", "USD$").
_BREAKDOWN_WORDS = frozenset({"betrag detail", "einzelbetrag"})
_CURRENCY_HEADED = re.compile(r"^[a-z]{3}\s?[$\u00a3\u20ac]$")
_UNDECOMPOSED = str.maketrans("łøı", "loi")  # letters NFKD keeps whole (Polish "Tytuł", Danish "Beløb",
# Turkish "Açıklama")
_KANA = re.compile(r"[\u3040-\u30ff]")
_UNIT_SUFFIX = re.compile(r"\s*[(\[]([^)\]]*)[)\]]\s*$")
_KEPT_SUFFIXES = frozenset({"debit", "credit"})
_WORD_JOINS = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[^\W\d])(?=\d)")  # dateOp, Description1
_SLASH = re.compile(r"\s*/\s*")


def normalize_header(cell: str) -> str:
    """Lower case, no accents, no unit suffix, words apart: "Betrag (EUR)" and "betrag", Boursorama's
    "dateOp" and "date op", AIB's "Description1" and "description 1", "Dr / Cr" and "dr/cr" compare
    equal."""
    text = _WORD_JOINS.sub(" ", cell.strip()).replace("_", " ")  # Mercado Pago's RELEASE_DATE
    text = unicodedata.normalize("NFKD", text.lower()).translate(_UNDECOMPOSED)
    # Accents go (é is e, ή is η, й is и); a kana's voicing mark stays (ご is not こ).
    text = unicodedata.normalize("NFC", "".join(
        character for index, character in enumerate(text)
        if not (unicodedata.combining(character) and not (index and _KANA.match(text[index - 1])))))
    # A unit in parentheses goes ("Betrag (EUR)"); a direction stays (Kiwibank's "Amount (debit)").
    text = _UNIT_SUFFIX.sub(lambda suffix: " " + suffix.group(1) if suffix.group(1) in _KEPT_SUFFIXES else "",
                            text).strip(" :.*#")
    return _SLASH.sub("/", " ".join(text.split()))


_NORMALIZED = {role: [normalize_header(word) for word in words] for role, words in ROLE_WORDS.items()}
_WORDS = {role: frozenset(words) for role, words in _NORMALIZED.items()}
_CONTAINED = {role: [re.compile(rf"\b{re.escape(word)}\b") for word in words if len(word) > 3]
              for role, words in _NORMALIZED.items()}


def is_breakdown_column(cell: str) -> bool:
    """Whether a column holds the single payments of a collective order, whose total is its own row
    (ZKB's "Betrag Detail", UBS's "Einzelbetrag"): they are not transactions of their own."""
    return normalize_header(cell) in _BREAKDOWN_WORDS


def column_role(cell: str) -> str | None:
    """The role of a header cell (date, debit, amount, payee…), or None for a column we do not read."""
    ranked = _ranked_role(cell)
    return ranked[0] if ranked is not None else None


def _ranked_role(cell: str) -> tuple[str, int] | None:
    """The cell's role and how surely it plays it (lower is surer): the name itself, earlier in the
    role's words, before a name that only contains one ("Notes and #tags" for a description)."""
    name = normalize_header(cell)
    if not name:
        return None
    # A role's own words first: DNB's "Uttak fra konto" is a debit column, not an account number.
    for role, words in _NORMALIZED.items():
        if name in _WORDS[role]:
            return role, words.index(name)
    if _NOT_READ.search(name):
        return None
    if _CURRENCY_HEADED.match(name):
        return "amount", len(ROLE_WORDS["amount"])
    for role in _CONTAINED_ORDER:
        for rank, pattern in enumerate(_CONTAINED[role]):
            if pattern.search(name):
                return role, len(ROLE_WORDS[role]) + 1 + rank
    return None


def role_candidates(header: list[str]) -> dict[str, list[str]]:
    """For each role, the header cells that play it (as written in the file), the surest first: Chase's
    "Description" before its "Details", Monzo's "Description" before "Notes and #tags"."""
    ranked: dict[str, list[tuple[int, int, str]]] = {}
    for position, cell in enumerate(header):
        found = _ranked_role(cell)
        if found is not None:
            role, rank = found
            ranked.setdefault(role, []).append((rank, position, cell.strip()))
    return {role: [cell for _, _, cell in sorted(cells)] for role, cells in ranked.items()}


def assign_roles(header: list[str]) -> dict[str, str]:
    """Map each role to the header cell that plays it most surely."""
    return {role: cells[0] for role, cells in role_candidates(header).items()}
