"""Write files in the exact UN Digital Library formats (docs/formats.md) from real bundled votes."""

from __future__ import annotations

import csv
from pathlib import Path

GA_V5 = [
    "undl_id",
    "ms_code",
    "ms_name",
    "ms_vote",
    "date",
    "session",
    "resolution",
    "draft",
    "committee_report",
    "meeting",
    "title",
    "agenda_title",
    "subjects",
    "vote_note",
    "total_yes",
    "total_no",
    "total_abstentions",
    "total_non_voting",
    "total_ms",
    "undl_link",
]
GA_V1 = [
    "undl_id",
    "ms_codes",
    "ms_names",
    "ms_votes",
    "dates",
    "sessions",
    "resolutions",
    "drafts",
    "committee_reports",
    "meetings",
    "titles",
    "agenda_title",
    "subjects",
    "total_yes",
    "total_no",
    "total_abstentions",
    "total_non_voting",
    "total_ms",
    "undl_link",
]
SC_HEADER = [
    "undl_id",
    "ms_code",
    "ms_name",
    "permanent_member",
    "ms_vote",
    "date",
    "resolution",
    "draft",
    "meeting",
    "description",
    "agenda",
    "subjects",
    "vote_note",
    "modality",
    "total_yes",
    "total_no",
    "total_abstentions",
    "total_non_voting",
    "total_ms",
    "undl_link",
]


def _rows(dataset, symbol):
    call = dataset.rollcall(symbol)
    votes = dataset.votes_on(symbol)
    counts = votes["vote"].value_counts()
    return call, votes, counts


def write_ga_csv(dataset, symbol, path: Path, undl_id="4076672", version=5, non_voting="X") -> Path:
    call, votes, counts = _rows(dataset, symbol)
    header = GA_V5 if version == 5 else GA_V1
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(header)
        for v in votes.itertuples():
            vote = non_voting if v.vote == "X" else v.vote
            row = {
                "undl_id": undl_id,
                "ms_code": v.iso3,
                "ms_name": v.name.upper(),
                "ms_vote": vote,
                "date": call["date"].strftime("%Y-%m-%d"),
                "session": call["session"],
                "resolution": call["symbol"],
                "draft": "A/ES-11/L.10",
                "committee_report": "",
                "meeting": "A/ES-11/PV.24",
                "title": call["title"],
                "agenda_title": "",
                "subjects": "",
                "vote_note": "",
                "total_yes": f"{counts.get('Y', 0)}.0",
                "total_no": f"{counts.get('N', 0)}.0",
                "total_abstentions": f"{counts.get('A', 0)}.0",
                "total_non_voting": f"{counts.get('X', 0)}.0",
                "total_ms": f"{len(votes)}.0",
                "undl_link": f"https://digitallibrary.un.org/record/{undl_id}",
            }
            if version == 1:
                row = {
                    (
                        "ms_codes"
                        if k == "ms_code"
                        else "ms_names"
                        if k == "ms_name"
                        else "ms_votes"
                        if k == "ms_vote"
                        else "dates"
                        if k == "date"
                        else "sessions"
                        if k == "session"
                        else "resolutions"
                        if k == "resolution"
                        else "drafts"
                        if k == "draft"
                        else "committee_reports"
                        if k == "committee_report"
                        else "meetings"
                        if k == "meeting"
                        else "titles"
                        if k == "title"
                        else k
                    ): val
                    for k, val in row.items()
                }
            w.writerow([row.get(h, "") for h in header])
    return path


def write_sc_csv(dataset, symbol, path: Path, undl_id="4077111") -> Path:
    call, votes, counts = _rows(dataset, symbol)
    p5 = {"USA", "RUS", "CHN", "GBR", "FRA"}
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(SC_HEADER)
        for v in votes.itertuples():
            w.writerow(
                [
                    undl_id,
                    v.iso3,
                    v.name.upper(),
                    "TRUE" if v.iso3 in p5 else "FALSE",
                    v.vote,
                    call["date"].strftime("%Y-%m-%d"),
                    call["symbol"],
                    "S/2025/111",
                    "S/PV.9866",
                    call["title"],
                    "",
                    "",
                    "",
                    "Voting",
                    f"{counts.get('Y', 0)}.0",
                    f"{counts.get('N', 0)}.0",
                    f"{counts.get('A', 0)}.0",
                    f"{counts.get('X', 0)}.0",
                    f"{len(votes)}.0",
                    f"https://digitallibrary.un.org/record/{undl_id}",
                ]
            )
    return path


def write_marcxml(dataset, symbol, path: Path, record_id="4076673") -> Path:
    from xml.sax.saxutils import escape

    call, votes, _ = _rows(dataset, symbol)
    members = []
    for order, v in enumerate(votes.itertuples(), start=1):
        vote = "" if v.vote == "X" else f'<subfield code="d">{v.vote}</subfield>'
        name = escape(v.name.upper()).replace("Ô", "&#212;")
        members.append(
            f'<datafield tag="967" ind1=" " ind2=" "><subfield code="a">{order:03d}</subfield>'
            f'<subfield code="c">{v.iso3}</subfield>{vote}<subfield code="e">{name}</subfield></datafield>'
        )
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<collection xmlns="http://www.loc.gov/MARC21/slim"><record>'
        f'<controlfield tag="001">{record_id}</controlfield>'
        f'<datafield tag="245" ind1=" " ind2=" "><subfield code="a">{escape(call["title"])}</subfield></datafield>'
        f'<datafield tag="269" ind1=" " ind2=" "><subfield code="a">{call["date"].strftime("%Y-%m-%d")}</subfield></datafield>'
        f'<datafield tag="791" ind1=" " ind2=" "><subfield code="a">{call["symbol"]}</subfield></datafield>'
        + "".join(members)
        + "</record></collection>\n"
    )
    path.write_text(xml, encoding="utf-8")
    return path
