"""The facts of the demo case: the Shusha missile debris announced in March 2021.

Everything here is written in our own words from the facts reported by a French news
article (see DOMAIN.md); the article's text itself is not reproduced. The two debris
coordinates are kept exactly as the article printed them, because the raw text of a claimed
location is evidence in itself.
"""

from __future__ import annotations

from typing import NotRequired, TypedDict


class DemoSite(TypedDict):
    """A debris site as the article printed it, with its decoded position."""

    key: str
    name: str
    coordinates: str
    lat: float
    lon: float
    note: str


class DemoClaim(TypedDict):
    """A claim, who made it (an actor key or None) and when."""

    key: str
    actor: str | None
    claimed_on: str | None
    about_when: str
    status: str
    statement: str
    note: str


class DemoPhoto(TypedDict):
    """How one synthetic photo is drawn and described."""

    name: str
    site: int
    code: str
    lot: str | None
    reading: NotRequired[str]
    worn: NotRequired[tuple[int, ...]]
    ruler: bool
    taken: str
    seed: int
    notes: str


CASE_TITLE = "Shusha missile debris (March 2021)"
CASE_DESCRIPTION = (
    "Demonstration case. Azerbaijan's mine action agency (ANAMA) reported fragments of two "
    "missiles found in Shusha on 15 March 2021 and tied the index code 9M723 to the "
    "Iskander system; Armenia and the Russian Ministry of Defence said Armenia did not use "
    "Iskander in the autumn 2020 war. The photos in this case are synthetic images drawn "
    "by Fragment to show how a case looks; they are not evidence."
)

TOWN_NAMES = ["Shusha", "Şuşa", "Shushi", "Шуша", "Շուշի", "Choucha"]

SITES: list[DemoSite] = [
    {"key": "site1", "name": "Shusha, debris site 1",
     "coordinates": "39 ° 45’38.10 « N 46 ° 44’33.90 » E",
     "lat": 39.760583, "lon": 46.742750,
     "note": "As printed in the article (French quotation marks stand for the seconds "
             "sign). Given by an ANAMA representative who asked not to be named."},
    {"key": "site2", "name": "Shusha, debris site 2",
     "coordinates": "39 ° 45’27.80 « N 46 ° 45’25.80 » E",
     "lat": 39.757722, "lon": 46.757167,
     "note": "As printed in the article; about 1.3 km east-south-east of site 1."},
]

# How the demo photos reached the case (set on every photo by the import itself).
PHOTO_PROVENANCE = {
    "taken_by": "ANAMA demining specialist (name not given)",
    "provided_by": "ANAMA press office",
    "acquisition": "received",
    "obtained_at": "2021-03-19T15:30:00+04:00",  # Baku time, the day the debris was shown
}

SOURCE = {
    "title": "L’Azerbaïdjan présente des débris de missiles Iskander trouvés à Choucha",
    "publisher": "French-language news report (translation of a wire story)",
    "language": "fr",
    "published_on": "2021-03-19",
    "notes": (
        "Title given here by the analyst. Publication date inferred: the article dates "
        "the presentation of the debris to the Friday after the 15 March discovery."
    ),
    "text": (
        "Analyst's summary (not the article's text).\n"
        "ANAMA, Azerbaijan's National Agency for Mine Action, showed parts of two missiles "
        "and said they were found in the town of Shusha on 15 March 2021 during demining. "
        "An ANAMA representative who asked not to be named gave the positions of the debris "
        "as 39°45'38.10\"N 46°44'33.90\"E and 39°45'27.80\"N 46°45'25.80\"E.\n"
        "According to ANAMA, its specialists checked the identification number 9M723 on "
        "the rocket and found that it belongs to the Iskander missile system; the agency "
        "said Armenia used Iskander missiles against Shusha during the war of autumn 2020. "
        "The missiles' modification was still being clarified, and no launch date or basis "
        "for dating the use to autumn 2020 was given.\n"
        "Armenia had denied using Iskander, although Prime Minister Nikol Pashinyan had "
        "earlier said Yerevan used them and that they did not explode, or only ten per "
        "cent did. The Russian Ministry of Defence said it learned of his words with "
        "astonishment and that Armenia did not use its Iskanders in the conflict: all its "
        "missiles were in storage.\n"
        "Context: fighting resumed in late September 2020; a tripartite ceasefire was "
        "signed on the night of 10 November 2020 with Moscow's mediation, and Armenia "
        "handed the Kelbajar, Lachin and Aghdam districts over to Azerbaijan."
    ),
}

ACTORS = [
    {"key": "anama", "name": "ANAMA (National Agency for Mine Action)", "kind": "agency",
     "affiliation": "Republic of Azerbaijan"},
    {"key": "armenia", "name": "Government of Armenia", "kind": "government",
     "affiliation": "Republic of Armenia"},
    {"key": "pashinyan", "name": "Nikol Pashinyan", "kind": "official",
     "affiliation": "Prime Minister of Armenia"},
    {"key": "mod", "name": "Ministry of Defence of the Russian Federation",
     "kind": "ministry", "affiliation": "Russian Federation"},
]

CLAIMS: list[DemoClaim] = [
    {"key": "found", "actor": "anama", "claimed_on": "2021-03-19", "about_when": "2021-03-15",
     "status": "unverified",
     "statement": "Fragments of two missiles were found in Shusha on 15 March 2021 during "
                  "demining, at the two positions given.",
     "note": "The photos' GPS positions match the two claimed sites; the photos themselves "
             "come from the agency, so they do not independently confirm the find."},
    {"key": "used", "actor": "anama", "claimed_on": "2021-03-19", "about_when": "2020-23",
     "status": "disputed",
     "statement": "The debris carries the index 9M723, so it belongs to the Iskander system; "
                  "Armenia used Iskander missiles against Shusha during the autumn 2020 war.",
     "note": "The marking identifies the missile type, not who launched it or when. No "
             "launch date was given."},
    {"key": "denial", "actor": "armenia", "claimed_on": None,
     "about_when": "2020-09-27/2020-11-10", "status": "disputed",
     "statement": "Armenia did not use Iskander missiles during the 2020 conflict.",
     "note": "Reported in the article as an earlier denial; its date is not given."},
    {"key": "pm_words", "actor": "pashinyan", "claimed_on": None,
     "about_when": "2020-09-27/2020-11-10", "status": "disputed",
     "statement": "Yerevan used Iskander missiles, but they did not explode, or only 10% "
                  "of them did.",
     "note": "Paraphrased from the article, which says only that he said so earlier."},
    {"key": "in_storage", "actor": "mod", "claimed_on": None,
     "about_when": "2020-09-27/2020-11-10", "status": "disputed",
     "statement": "Armenia did not use its Iskander missiles in the Karabakh conflict; all "
                  "of its missile stock stayed in storage.",
     "note": "The ministry said it had learned of the Prime Minister's words with "
             "astonishment."},
    {"key": "ceasefire", "actor": None, "claimed_on": "2021-03-19",
     "about_when": "2020-11-10", "status": "corroborated",
     "statement": "A tripartite ceasefire was signed on the night of 10 November 2020 with "
                  "Moscow's mediation, ending the autumn 2020 hostilities.",
     "note": "Context for the period the claims are about."},
]

# (from, to, stance, rationale) between claims
CLAIM_LINKS = [
    ("denial", "used", "contradicts", "Armenia denies the use ANAMA asserts."),
    ("in_storage", "used", "contradicts", "Russia says no Armenian Iskander was fired."),
    ("pm_words", "used", "supports", "The Prime Minister's words admit Iskander use."),
    ("pm_words", "denial", "contradicts", "His words conflict with the official denial."),
    ("in_storage", "pm_words", "contradicts", "The ministry rejects the Prime Minister's "
                                              "account."),
]

PHOTOS: list[DemoPhoto] = [
    {"name": "IMG_0412.jpg", "site": 0, "code": "9\u041c723", "lot": "08-20  \u2116 00317",
     "ruler": True, "taken": "2021:03:15 11:42:07", "seed": 3,
     "notes": "Synthetic demonstration image (not evidence): main fragment at site 1, "
              "index code and lot line legible, photo scale beside it."},
    {"name": "IMG_0415.jpg", "site": 0, "code": "9\u041c723", "lot": "08-20  \u2116 00317",
     "reading": "08-2? \u2116 0031?", "worn": (4, 13),
     "ruler": True, "taken": "2021:03:15 11:44:31", "seed": 11,
     "notes": "Synthetic demonstration image (not evidence): second view at site 1; the "
              "lot line is partly worn."},
    {"name": "IMG_0419.jpg", "site": 1, "code": "9\u041c723", "lot": None,
     "ruler": False, "taken": "2021:03:15 12:05:51", "seed": 7,
     "notes": "Synthetic demonstration image (not evidence): fragment of the second "
              "missile at site 2."},
]

CODE_RATIONALE = ("The stencilled index 9М723 (Cyrillic М) is the missile of the Iskander-M "
                  "(9K720) system. It shows an Iskander reached Shusha; it does not show "
                  "who fired it or when.")


MEASUREMENT_NOTE = ("Width of the fragment across its middle, against the 10 cm photo scale. "
                    "A fragment's width is not a dimension of the missile: the catalog has "
                    "none to compare it with, and the dossier says so.")
