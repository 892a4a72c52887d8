"""The fixed facts of the sample data: the three organizations, the words names and addresses are made of,
and the probabilities that drive each customer behaviour and each collection contact.

The SQL of the generator (``sql/*.sql``) receives these values through its templates; changing one changes the
data of every seed.
"""

from __future__ import annotations

from typing import NamedTuple

# Days of invoice history, ending on the end date.
HISTORY_DAYS = 730
# Relative volume growth over the history (0.6 = 60% more invoices per day at
# the end than at the start).
GROWTH = 0.6


class Organization(NamedTuple):
    number: int
    id: str
    name: str
    currency: str
    invoice_prefix: str
    ar_mailbox: str  # where customers' e-mail replies arrive
    ar_phone: str  # the number customers call


ORGANIZATIONS = (
    Organization(
        1, "org_001", "Northwind Supply Co.", "USD", "NW", "ar@northwind-supply.example.com", "+1-312-555-0100"
    ),
    Organization(
        2, "org_002", "Rheinland Industriebedarf GmbH", "EUR", "RH", "debitoren@rheinland-ib.example.de",
        "+49 221 5550 100",
    ),
    Organization(
        3, "org_003", "Thames Valley Services Ltd", "GBP", "TV", "credit.control@thamesvalley.example.co.uk",
        "+44 118 496 0100",
    ),
)  # fmt: skip

NAME_FIRST = (
    "Acme",
    "Apex",
    "Atlas",
    "Beacon",
    "Birch",
    "Blue",
    "Bright",
    "Cascade",
    "Cedar",
    "Summit",
    "Crescent",
    "Delta",
    "Eagle",
    "Ember",
    "Evergreen",
    "Falcon",
    "Frontier",
    "Granite",
    "Harbor",
    "Horizon",
    "Iron",
    "Juniper",
    "Keystone",
    "Lakeside",
    "Liberty",
    "Maple",
    "Meridian",
    "Nova",
    "Oak",
    "Orion",
    "Pacific",
    "Peak",
    "Pine",
    "Pioneer",
    "Prairie",
    "Quantum",
    "Redwood",
    "Ridge",
    "River",
    "Sierra",
    "Silver",
    "Sterling",
    "Stone",
    "Sun",
    "Titan",
    "Union",
    "Valley",
    "Vertex",
    "Willow",
    "Zenith",
)
NAME_SECOND = (
    "Analytics",
    "Bakery",
    "Builders",
    "Cabinets",
    "Catering",
    "Clinics",
    "Construction",
    "Consulting",
    "Dental",
    "Design",
    "Distribution",
    "Electric",
    "Energy",
    "Engineering",
    "Farms",
    "Fitness",
    "Foods",
    "Freight",
    "Furniture",
    "Hardware",
    "Health",
    "Hospitality",
    "Imports",
    "Industries",
    "Labs",
    "Landscaping",
    "Logistics",
    "Machining",
    "Manufacturing",
    "Marine",
    "Media",
    "Medical",
    "Metals",
    "Motors",
    "Packaging",
    "Plastics",
    "Plumbing",
    "Printing",
    "Retail",
    "Robotics",
    "Software",
    "Textiles",
    "Tools",
    "Transport",
    "Travel",
)
STREETS = (
    "Main St",
    "Oak Ave",
    "Market St",
    "Industrial Pkwy",
    "Commerce Dr",
    "Station Rd",
    "High St",
    "Mill Lane",
    "Park Rd",
    "Harbour Way",
    "Hauptstrasse",
    "Bahnhofstrasse",
    "Industriestrasse",
)
CITIES = {
    1: ("Chicago, IL", "Denver, CO", "Austin, TX", "Columbus, OH", "Atlanta, GA", "Portland, OR"),
    2: ("Koeln", "Duesseldorf", "Bonn", "Essen", "Dortmund", "Aachen"),
    3: ("Reading", "Oxford", "Slough", "Swindon", "London", "Basingstoke"),
}
SUFFIXES = {
    1: ("Inc.", "LLC", "Corp.", "Co."),
    2: ("GmbH", "AG", "KG", "GmbH & Co. KG"),
    3: ("Ltd", "plc", "LLP", "Ltd"),
}

# Behaviours: 0 prompt, 1 late, 2 chronically late, 3 partial payer,
# 4 disputer, 5 non-payer.  Per-behaviour probabilities per invoice:
P_NEVER = (0.003, 0.01, 0.04, 0.0, 0.04, 0.6)  # never paid at all
P_PART_NEVER = (0.002, 0.005, 0.02, 0.15, 0.01, 0.05)  # part paid, rest never
P_SPLIT = (0.015, 0.03, 0.05, 0.7, 0.03, 0.03)  # paid in two instalments
P_DISPUTE = (0.004, 0.008, 0.02, 0.02, 0.45, 0.05)
P_PTP = (0.03, 0.15, 0.25, 0.2, 0.15, 0.05)  # promise to pay
P_MANUAL_EMAIL = (0.10, 0.45, 0.6, 0.5, 0.5, 0.7)
P_CALL_1 = (0.03, 0.2, 0.6, 0.4, 0.5, 0.7)
P_CALL_2 = (0.0, 0.05, 0.4, 0.2, 0.3, 0.6)
P_LETTER = (0.0, 0.0, 0.3, 0.1, 0.1, 0.6)
P_INBOUND_CALL = (0.005, 0.02, 0.03, 0.03, 0.15, 0.02)

# Outreach kinds: 1-4 automated e-mails (reminder before the due date, then
# overdue, second reminder, final notice); 5 automated SMS; 6 manual e-mail;
# 7-8 collection calls; 9 letter; 10 the customer's e-mail reply; 11 inbound call.
OUTREACH_CHANNELS = {
    1: "email",
    2: "email",
    3: "email",
    4: "email",
    5: "sms",
    6: "email",
    7: "call",
    8: "call",
    9: "letter",
    10: "email",
    11: "call",
}
