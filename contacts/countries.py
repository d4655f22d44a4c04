"""Countries and authorities that appear as participants, keyed by ISO 3166 alpha-2 code."""

from django.db import models

from contacts.choices import ParseMixin


class Country(ParseMixin, models.TextChoices):
    US = "US", "United States"
    IL = "IL", "Israel"
    PS = "PS", "Palestinian Authority"
    EG = "EG", "Egypt"
    QA = "QA", "Qatar"
    JO = "JO", "Jordan"
    SA = "SA", "Saudi Arabia"
    AE = "AE", "United Arab Emirates"
    BH = "BH", "Bahrain"
    MA = "MA", "Morocco"
    TR = "TR", "Turkey"
    LB = "LB", "Lebanon"
    OM = "OM", "Oman"
    KW = "KW", "Kuwait"
    IQ = "IQ", "Iraq"
    SY = "SY", "Syria"
    GB = "GB", "United Kingdom"
    FR = "FR", "France"
    DE = "DE", "Germany"
    IT = "IT", "Italy"
    GR = "GR", "Greece"
    CY = "CY", "Cyprus"
    RU = "RU", "Russia"
    UA = "UA", "Ukraine"
    CN = "CN", "China"
    IN = "IN", "India"
    IR = "IR", "Iran"
    CA = "CA", "Canada"
    EU = "EU", "European Union"
    UN = "UN", "United Nations"
    XX = "XX", "Other / unknown"
