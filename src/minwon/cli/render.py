"""Plain-text rendering of catalog views for the terminal."""

from __future__ import annotations

from minwon.catalog.views import BundleView, ServiceView, SourceView

__all__ = ["render_bundle", "render_service"]

HEAD = {
    "ko": {
        "agency": "담당 기관",
        "legal": "법적 근거",
        "deadline": "기한",
        "penalties": "벌칙",
        "fees": "수수료",
        "amounts": "지원 금액",
        "who": "신청인",
        "documents": "서류",
        "fields": "입력 항목",
        "eligibility": "자격",
        "online": "온라인",
        "processing": "처리 기간",
        "notes": "참고",
        "members": "포함 서비스",
        "shared": "한 번만 묻는 항목",
        "waived": "공동이용 동의 시 면제",
        "optional": "선택",
        "when": "조건",
        "free": "무료",
        "unknown": "미확인",
    },
    "en": {
        "agency": "Agency",
        "legal": "Legal basis",
        "deadline": "Deadline",
        "penalties": "Penalties",
        "fees": "Fees",
        "amounts": "Amounts",
        "who": "Who may apply",
        "documents": "Documents",
        "fields": "Fields",
        "eligibility": "Eligibility",
        "online": "Online",
        "processing": "Processing time",
        "notes": "Notes",
        "members": "Member services",
        "shared": "Asked once",
        "waived": "waived with consent",
        "optional": "optional",
        "when": "when",
        "free": "free",
        "unknown": "unknown",
    },
}


def _tag(source: SourceView) -> str:
    refs = f" {','.join(source.refs)}" if source.refs else ""
    return f"[{source.confidence}{refs}]"


def _money(amount: int | None, words: dict[str, str]) -> str:
    if amount is None:
        return words["unknown"]
    return words["free"] if amount == 0 else f"{amount:,} KRW"


def _document_line(name: str, condition: str | None, waived: bool, words: dict[str, str]) -> str:
    line = f"  - {name}"
    if condition:
        line += f" ({condition})"
    if waived:
        line += " — " + words["waived"]
    return line


def render_service(view: ServiceView, lang: str) -> str:
    """A readable multi-line description of one service."""
    w = HEAD["en" if lang == "en" else "ko"]
    lines = [f"{view.name} ({view.id})", view.description, "", f"{w['agency']}: {view.agency}"]
    lines += [f"{w['legal']}:"] + [
        f"  - {b.statute} {b.article or ''}: {b.summary} {_tag(b.source)}" for b in view.legal_basis
    ]
    lines.append(
        f"{w['deadline']}: {view.deadline_rule.description} {_tag(view.deadline_rule.source)}"
    )
    lines += [f"  {p.description} {_tag(p.source)}" for p in view.penalties]
    lines += [f"{w['eligibility']}:"] * bool(view.eligibility)
    lines += [f"  - {r.description} ({r.condition}) {_tag(r.source)}" for r in view.eligibility]
    lines += [f"{w['who']}:"] + [f"  - {a.description} {_tag(a.source)}" for a in view.applicants]
    lines += [f"{w['documents']}:"] * bool(view.documents)
    lines += [_document_line(d.name, d.condition, d.waivable_by_sharing, w) for d in view.documents]
    lines += [f"{w['fees']} ({view.as_of}):"] * bool(view.fees)
    lines += [
        f"  - {f.channel}{f' {f.variant}' if f.variant else ''}: "
        f"{_money(f.amount_krw, w)} {_tag(f.source)}"
        for f in view.fees
    ]
    lines += [f"{w['amounts']} ({view.as_of}):"] * bool(view.amounts)
    lines += [
        f"  - {a.description}: {a.amount_krw:,} KRW/{a.per} {_tag(a.source)}" for a in view.amounts
    ]
    lines.append(f"{w['processing']}: {view.processing_time.description}")
    lines.append(f"{w['online']}: {view.online_detail.description}")
    lines += [f"{w['fields']}:"] + [
        f"  - {f.label} [{f.type}]{'' if f.required else ' (' + w['optional'] + ')'}"
        for f in view.fields
    ]
    lines += [f"{w['notes']}:"] * bool(view.notes) + [f"  - {n}" for n in view.notes]
    return "\n".join(lines)


def render_bundle(view: BundleView, lang: str) -> str:
    """A readable description of one bundle."""
    w = HEAD["en" if lang == "en" else "ko"]
    lines = [f"{view.name} ({view.id})", view.description, "", f"{w['members']}:"]
    for member in view.members:
        when = f" — {w['when']}: {member.included_when}" if member.included_when else ""
        lines.append(f"  - {member.name} ({member.service}): {member.reason}{when}")
    lines += [f"{w['shared']}:"] * bool(view.shared_fields)
    lines += [f"  - {s.label}: {s.question}" for s in view.shared_fields]
    lines += [f"{w['notes']}:"] * bool(view.notes) + [f"  - {n}" for n in view.notes]
    return "\n".join(lines)
