"""Entity extraction: phones, emails, ticket codes, CCCD, dates, times, person names, places."""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from .normalize import fold, has_diacritics, normalize

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
CODE_PREFIXES = ("PA", "DT")


@dataclass
class Entities:
    phones: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)
    cccd: list[str] = field(default_factory=list)
    dates: list[date] = field(default_factory=list)
    times: list[str] = field(default_factory=list)
    person_name: str | None = None
    provinces: list[dict] = field(default_factory=list)
    communes: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict:
        d = asdict(self)
        d["dates"] = [x.isoformat() for x in self.dates]
        return d


def today_local() -> date:
    return datetime.now(TZ).date()


# ---------------------------------------------------------------------------------- codes
_CODE_RE = re.compile(
    r"(?<![A-Za-z0-9])(pa|dt|đt)[\s_.#:\-/]*(20\d\d)[\s_.:\-/]*(\d{1,6})(?!\d)"
    # the check letter: after a hyphen, attached to the number, or after a space when upper-case
    # (so "PA-2026-000123 a" — "ạ" typed without its tone — is not read as one)
    r"(?:\s*-\s*([A-Za-z])|([A-Za-z])|(?-i:\s+([A-Z])))?(?!\w)",
    re.IGNORECASE,
)


def find_codes(text: str) -> list[str]:
    """Codes in canonical form: ``PA-2026-000123`` when typed without the check letter,
    ``PA-2026-000123-K`` with the letter as typed (right or wrong: the caller checks it)."""
    out: list[str] = []
    for m in _CODE_RE.finditer(text or ""):
        prefix = fold(m.group(1)).upper()
        code = f"{prefix}-{m.group(2)}-{int(m.group(3)):06d}"
        check = m.group(4) or m.group(5) or m.group(6)
        if check:
            code += f"-{check.upper()}"
        if code not in out:
            out.append(code)
    return out


def parse_code(text: str) -> str | None:
    codes = find_codes(text)
    return codes[0] if codes else None


# --------------------------------------------------------------------------------- emails
_EMAIL_RE = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")


def find_emails(text: str) -> list[str]:
    out: list[str] = []
    for m in _EMAIL_RE.finditer(text or ""):
        e = m.group(0).rstrip(".").lower()
        if e not in out:
            out.append(e)
    return out


def parse_email(text: str) -> str | None:
    e = find_emails(text)
    return e[0] if e else None


# --------------------------------------------------------------------------------- phones
_PHONE_RE = re.compile(r"(?<![\w+])(\+?\s?84|0)(?:[\s.\-]?\(?\d\)?){8,10}(?![\d])")
_MOBILE_PREFIX = ("03", "05", "07", "08", "09")


def _phone_digits(raw: str) -> str | None:
    d = re.sub(r"\D", "", raw)
    if d.startswith("84") and (raw.strip().startswith("+") or len(d) in (11, 12)):
        d = "0" + d[2:]
    if len(d) == 10 and d.startswith(_MOBILE_PREFIX):
        return d
    if len(d) == 11 and d.startswith("02"):
        return d
    return None


def find_phones(text: str) -> list[str]:
    out: list[str] = []
    if not text:
        return out
    masked = _CODE_RE.sub(lambda m: " " * len(m.group(0)), text)
    masked = _EMAIL_RE.sub(lambda m: " " * len(m.group(0)), masked)
    for m in _PHONE_RE.finditer(masked):
        p = _phone_digits(m.group(0))
        if p and p not in out:
            out.append(p)
    return out


def parse_phone(text: str) -> str | None:
    p = find_phones(text)
    return p[0] if p else None


# ----------------------------------------------------------------------------------- cccd
_CCCD_RE = re.compile(r"(?<![\d+])(0\d{2}(?:[ .]?\d){9})(?![\d])")


def find_cccd(text: str) -> list[str]:
    out: list[str] = []
    masked = _CODE_RE.sub(lambda m: " " * len(m.group(0)), text or "")
    for m in _CCCD_RE.finditer(masked):
        d = re.sub(r"\D", "", m.group(1))
        if len(d) == 12 and d not in out:
            out.append(d)
    return out


# ---------------------------------------------------------------------------- dates/times
_WEEKDAYS = {"2": 0, "hai": 0, "3": 1, "ba": 1, "4": 2, "tu": 2, "5": 3, "nam": 3, "6": 4, "sau": 4,
             "7": 5, "bay": 5}
_DMY_RE = re.compile(r"(?<![\d/.\-])(\d{1,2})\s?([/\-])\s?(\d{1,2})(?:\2(\d{4}|\d{2}))?(?![\d/\-])")
_DMY_DOT_RE = re.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.(\d{4})(?![\d.])")
_NGAY_THANG_RE = re.compile(r"\bngay (\d{1,2}) thang (\d{1,2})(?: nam (\d{4}))?\b")
_WEEKDAY_RE = re.compile(
    r"\b(?:(?<!theo )thu (2|3|4|5|6|7|hai|ba|tu|nam|sau|bay)|(chu nhat|cn))\b"
    r"(?: (tuan (?:sau|toi|nay|truoc)))?"
)
_REL_DAYS = [
    (re.compile(r"\b(?:hom nay|bua nay|ngay hom nay)\b"), 0),
    (re.compile(r"\b(?:ngay mai|mai|sang mai|chieu mai|toi mai|trua mai)\b"), 1),
    (re.compile(r"\b(?:ngay kia|ngay mot|mot)\b"), 2),
    (re.compile(r"\b(?:hom qua|qua)\b"), -1),
    (re.compile(r"\bhom kia\b"), -2),
]
_TIME_RE = re.compile(
    r"(?<![\d:])(\d{1,2})\s?(?:gio|h|g|:)(?:\s?(\d{2}))?(?:\s?(?:phut|p))?(?:\s(sang|trua|chieu|toi|dem))?(?![\d])"
)
_PART_RE = re.compile(r"\b(sang|trua|chieu|toi)\s(?:mai|nay|hom nay|thu|ngay|chu nhat|mot|kia|\d)")


def _mk_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def find_dates(text: str, today: date | None = None) -> list[date]:
    today = today or today_local()
    raw = text or ""
    f = fold(normalize(raw))
    out: list[date] = []

    def add(x: date | None) -> None:
        if x and x not in out:
            out.append(x)

    masked = _CODE_RE.sub(" ", raw)
    masked = _PHONE_RE.sub(" ", masked)
    for m in _DMY_RE.finditer(masked):
        d, mo, y = int(m.group(1)), int(m.group(3)), m.group(4)
        if m.group(2) == "-" and not y:
            continue  # "3-5 ngày" is a range, not a date
        yr = today.year if not y else (int(y) + 2000 if len(y) == 2 else int(y))
        add(_mk_date(yr, mo, d))
    for m in _DMY_DOT_RE.finditer(masked):
        add(_mk_date(int(m.group(3)), int(m.group(2)), int(m.group(1))))
    for m in _NGAY_THANG_RE.finditer(f):
        yr = int(m.group(3)) if m.group(3) else today.year
        add(_mk_date(yr, int(m.group(2)), int(m.group(1))))
    for m in _WEEKDAY_RE.finditer(f):
        wd = 6 if m.group(2) else _WEEKDAYS[m.group(1)]
        rel = m.group(3) or ""
        monday = today - timedelta(days=today.weekday())
        if rel in ("tuan sau", "tuan toi"):
            add(monday + timedelta(days=7 + wd))
        elif rel == "tuan truoc":
            add(monday + timedelta(days=wd - 7))
        elif rel == "tuan nay":
            add(monday + timedelta(days=wd))
        else:
            add(today + timedelta(days=(wd - today.weekday()) % 7))
    for rx, delta in _REL_DAYS:
        for m in rx.finditer(f):
            w = m.group(0)
            if w in ("mai", "qua", "mot"):
                # bare "mai"/"qua"/"mốt" are too ambiguous without diacritics; require the accented form
                norm = normalize(raw)
                accented = {"mai": r"\bmai\b", "qua": r"\bqua\b", "mot": r"\bmốt\b"}[w]
                if w == "qua" and not re.search(r"\b(?:hôm|bữa|tối|sáng|chiều) qua\b", norm):
                    continue
                if not re.search(accented, norm):
                    continue
                if w == "mai" and not re.search(r"(?:^|\b(?:sáng|chiều|tối|trưa|đến|tới|hẹn|để|thì|ngày)\s)mai\b|\bmai\s(?:tôi|em|mình|có|được|đi|là|nhé|nha|sáng|chiều)\b|\bmai\W*$", norm):
                    continue
            add(today + timedelta(days=delta))
    return out


def find_times(text: str) -> list[str]:
    f = fold(normalize(text or ""))
    f = _CODE_RE.sub(" ", f)
    out: list[str] = []
    for m in _TIME_RE.finditer(f):
        h, mi = int(m.group(1)), int(m.group(2) or 0)
        part = m.group(3)
        if part in ("chieu", "toi", "dem") and h < 12:
            h += 12
        if h > 23 or mi > 59:
            continue
        if m.group(0).strip().isdigit():
            continue
        v = f"{h:02d}:{mi:02d}"
        if v not in out:
            out.append(v)
    if not out:
        for m in _PART_RE.finditer(f):
            v = {"sang": "sáng", "trua": "trưa", "chieu": "chiều", "toi": "tối"}[m.group(1)]
            if v not in out:
                out.append(v)
    return out


# ------------------------------------------------------------------------------ names
def _words(s: str) -> set[str]:
    return set(s.split())


_NAME_INTRO = re.compile(
    r"(?:^|[\s,.;:!?])(?:ten (?:toi|em|minh|chau|con) la|ten (?:toi|em|minh|chau|con)|"
    r"(?:toi|em|minh|chau|con) ten la|(?:toi|em|minh|chau|con) ten|"
    r"(?:toi|em|minh|chau|con) la|ho va ten|ho ten)\s*:?\s+",
)
_HONORIFICS = {"ông", "bà", "anh", "chị", "em", "cô", "chú", "bác", "dì", "cậu"}
_SURNAMES = _words(
    "nguyễn trần lê phạm hoàng huỳnh phan vũ võ đặng bùi đỗ hồ ngô dương lý đinh đoàn trịnh lâm lương "
    "mai cao hà tăng tạ châu quách kiều lưu tống thái khúc la lại văn triệu giang thạch vương tiêu "
    "nông lò hứa đàm chu mạc bạch"
)
_NOT_NAME = _words(
    "người công chủ giám nhân cán dân doanh phụ giáo sinh học một đại kẻ thợ nông cử bạn khách đang rất "
    "thành viên trưởng phó đồng đã là chưa không muốn cần hỏi xin ở tại từ có thể sẽ vừa mới hiện "
    "gửi gọi viết bị được thấy cảm thật quá bên điện số email mail sđt cccd địa nhà quê năm tuổi "
    "cả hộ đây này ai gì đưa quản kỹ kĩ bác luật về chỉ cũng hay hơi thương chính đơn hội ủy "
    "admin ok và với của cho nên thì mà vì nếu người."
)
_NAME_STOP = _words(
    "ở tại sinh sđt số điện hiện đang muốn xin nhà địa quê từ là có thì năm cccd email mail "
    "phản kiến khiếu tố gửi hỏi cần và với của thường trú ngụ liên căn chủ giám công tuổi bạn "
    "ạ nhé nha ơi đây rồi thế đó này mong xin làm đến trú hiện cư"
)
_FOLD_SURNAMES = {fold(w) for w in _SURNAMES}
_FOLD_HONORIFICS = {fold(w) for w in _HONORIFICS}
# folded stop lists leave out words that are common name syllables once diacritics are gone
_FOLD_NOT_NAME = {fold(w) for w in _NOT_NAME} - {"thanh", "van", "chi", "nhan", "cong", "dan", "hoc"}
_FOLD_NAME_STOP = {fold(w) for w in _NAME_STOP} - {"thi", "nha", "tu", "lien", "can", "cu", "chu", "hien"}


class _CharFold(dict[int, str]):
    """str.translate table: a character to the first character of its fold, filled in on first use."""

    def __missing__(self, cp: int) -> str:
        c = chr(cp)
        self[cp] = out = (fold(c) or c)[:1]
        return out


_CHAR_FOLD = _CharFold()


def _fold_chars(s: str) -> str:
    """Fold character by character so positions stay aligned with the input."""
    return s.translate(_CHAR_FOLD)


def _cap(word: str) -> str:
    return word[:1].upper() + word[1:]


def find_person_name(text: str) -> str | None:
    if not text:
        return None
    norm = normalize(text)
    accented = has_diacritics(norm)
    f = _fold_chars(norm)
    for m in _NAME_INTRO.finditer(f):
        rest = norm[m.end():]
        words = re.findall(r"[^\W\d_]+|[^\w\s]|\d+", rest)
        name: list[str] = []
        for i, w in enumerate(words):
            if not w.isalpha():
                break
            key, fw = (w, fold(w))
            not_name = key in _NOT_NAME if accented else fw in _FOLD_NOT_NAME
            stop = key in _NAME_STOP if accented else fw in _FOLD_NAME_STOP
            honor = key in _HONORIFICS if accented else fw in _FOLD_HONORIFICS
            if not name and honor and i + 1 < len(words) and words[i + 1].isalpha():
                continue
            if name and stop:
                break
            if not name and not_name:
                break
            name.append(w)
            if len(name) >= 5:
                break
        if not name:
            continue
        if fold(name[0]) not in _FOLD_SURNAMES and len(name) > 2:
            name = name[:2]
        return " ".join(_cap(w) for w in name)
    return None


# ------------------------------------------------------------------------------- places
_PROV_PREFIX = re.compile(r"^(?:thanh pho|tinh)\s+")
_WARD_PREFIX = re.compile(r"^(?:phuong|xa|dac khu|thi tran)\s+")
_PROV_ALIASES = {
    "hcm": 79, "tp hcm": 79, "tphcm": 79, "sai gon": 79, "sg": 79, "hn": 1, "ha noi": 1,
}


@lru_cache(maxsize=1)
def _geo() -> tuple[dict, dict, dict]:
    import vietnam_provinces

    data = json.loads(vietnam_provinces.NESTED_DIVISIONS_JSON_PATH.read_text(encoding="utf-8"))
    provinces: dict[str, dict] = {}
    wards: dict[str, list[dict]] = {}
    by_code: dict[int, dict] = {}
    for p in data:
        pd = {"code": f"{p['code']:02d}", "name": p["name"]}
        by_code[p["code"]] = pd
        provinces[_PROV_PREFIX.sub("", fold(p["name"]))] = pd
        for w in p.get("wards", []):
            key = _WARD_PREFIX.sub("", fold(w["name"]))
            wards.setdefault(key, []).append(
                {"code": f"{w['code']:05d}", "name": w["name"], "province_code": pd["code"], "province": p["name"]}
            )
    for alias, code in _PROV_ALIASES.items():
        if code in by_code:
            provinces.setdefault(alias, by_code[code])
    return provinces, wards, by_code


_PUNCT_RE = re.compile(r"[^\w\s]")
_SPACES_RE = re.compile(r"\s+")


def _clean_words(text: str) -> str:
    t = _PUNCT_RE.sub(" ", text)
    return " " + _SPACES_RE.sub(" ", t).strip() + " "


# folded names that are also ordinary words or people's names ("hai phòng" = two rooms, "Nguyễn Huệ")
_AMBIGUOUS_PROV = {"hue", "hai phong", "thanh hoa", "khanh hoa", "can tho", "sg"}
_PLACE_LEAD = r"(?:o|tai|tp|pho|tinh|ve|den|toi|tu|que)"
_COMMUNE_PREFIX = re.compile(r"(?<!\w)(?:phường|xã|đặc khu|thị trấn|p\.)\s*")
_COMMUNE_PREFIX_FOLDED = re.compile(r"(?<!\w)(?:phuong|xa|dac khu|p\.)\s+")


def find_places(text: str) -> tuple[list[dict], list[dict]]:
    """Provinces and communes (2025 two-level division) named in the text."""
    if not text:
        return [], []
    provinces, wards, _ = _geo()
    norm = normalize(text)
    accented = has_diacritics(norm)
    f = _clean_words(fold(norm))
    n_acc = _clean_words(norm)
    provs: list[dict] = []
    for key, pd in provinces.items():
        if f" {key} " not in f:
            continue
        if accented and len(key) > 3:
            # with diacritics typed, the accented name must match ("hai phòng" is not "Hải Phòng")
            acc = _clean_words(re.sub(r"^(?:thành phố|tỉnh)\s+", "", normalize(pd["name"]))).strip()
            if fold(acc) == key and f" {acc} " not in n_acc:
                continue
        elif key in _AMBIGUOUS_PROV and not re.search(rf"\b{_PLACE_LEAD} {key}\b", f):
            continue
        if pd not in provs:
            provs.append(pd)
    communes: list[dict] = []
    prefix_rx = _COMMUNE_PREFIX if accented else _COMMUNE_PREFIX_FOLDED
    src = norm if accented else fold(norm)
    for m in prefix_rx.finditer(src):
        tail = _PUNCT_RE.sub(" ", fold(src[m.end():])).split()
        for n in (4, 3, 2, 1):
            key = " ".join(tail[:n])
            if len(tail) < n or key not in wards:
                continue
            if n == 1 and not accented and not key.isdigit():
                break  # "xa qua" (far away) is not a commune
            cands = wards[key]
            if provs:
                pc = {p["code"] for p in provs}
                cands = [c for c in cands if c["province_code"] in pc] or cands
            for c in cands:
                if c not in communes:
                    communes.append(c)
            break
    return provs, communes


def extract_entities(text: str, today: date | None = None) -> Entities:
    text = text or ""
    provs, communes = find_places(text)
    return Entities(
        phones=find_phones(text),
        emails=find_emails(text),
        codes=find_codes(text),
        cccd=find_cccd(text),
        dates=find_dates(text, today),
        times=find_times(text),
        person_name=find_person_name(text),
        provinces=provs,
        communes=communes,
    )
