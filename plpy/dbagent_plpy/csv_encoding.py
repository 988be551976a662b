"""Guess the encoding of a CSV file's bytes, and say how sure the guess is.

A byte-order mark is certain. Valid UTF-8 is taken as UTF-8 (multi-byte sequences that happen
to be valid UTF-8 are very rare in other encodings). UTF-16/32 without a BOM are recognised by
their NUL bytes. Anything else is one of the common legacy encodings PostgreSQL also reads:

=============  =====================  ==========================================
PostgreSQL     Python codec           used for
=============  =====================  ==========================================
WIN1252        cp1252                 Western Europe, the Americas (Windows)
LATIN1         latin-1                Western Europe (ISO-8859-1)
LATIN9         iso8859-15             Western Europe with the euro sign
WIN1250        cp1250                 Central Europe (Polish, Czech, Hungarian...)
LATIN2         iso8859-2              Central Europe (ISO)
WIN1251        cp1251                 Cyrillic (Windows)
KOI8R          koi8-r                 Russian (Unix)
ISO_8859_5     iso8859-5              Cyrillic (ISO)
SJIS           cp932                  Japanese (Shift-JIS, Windows)
EUC_JP         euc-jp                 Japanese (Unix)
GB18030        gb18030                Chinese, simplified (GBK is a subset)
BIG5           big5                   Chinese, traditional
UHC / EUC_KR   cp949                  Korean (EUC-KR is a subset)
=============  =====================  ==========================================

Every candidate decodes the bytes above 0x7F it is shown; multi-byte candidates that cannot
decode them drop out. Each reading is then scored by how plausible its words are, never by a
dictionary: a word mixing scripts (Latin with Cyrillic), a case pattern no language writes
(``пРИВЕТ``), a Latin word whose letters are mostly accented (what Cyrillic read as CP-1252
looks like: ``Ïðèâåò``), a symbol between two letters (``z³oty``: Polish read as CP-1252),
C1 control characters, Cyrillic words without vowels, half-width katakana or rare CJK
characters, Japanese text without kana... Readings that decode the sample to the same text
form one group (CP-1252 and Latin-1 agree on most files): the group's first member is named,
and its members are told apart only by bytes that decode differently.

The verdict is ``high`` when one reading is clearly better and the evidence is not thin;
otherwise ``low``, with the alternatives, and import_csv asks the caller to confirm the
encoding (option ``encoding``) before it loads anything.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Final

__all__ = ["EncodingGuess", "guess_legacy", "LEGACY", "PG_NAMES", "pg_name", "decodes_same"]

#: Candidates in order of preference when readings tie.
LEGACY: Final = (
    "cp1252",
    "latin-1",
    "iso8859-15",
    "cp1250",
    "iso8859-2",
    "cp1251",
    "koi8-r",
    "iso8859-5",
    "cp932",
    "euc-jp",
    "gb18030",
    "big5",
    "cp949",
)

PG_NAMES: Final = {
    "utf-8": "UTF8",
    "utf-8-sig": "UTF8",
    "cp1252": "WIN1252",
    "latin-1": "LATIN1",
    "iso8859-15": "LATIN9",
    "cp1250": "WIN1250",
    "iso8859-2": "LATIN2",
    "cp1251": "WIN1251",
    "koi8-r": "KOI8R",
    "iso8859-5": "ISO_8859_5",
    "cp932": "SJIS",
    "euc-jp": "EUC_JP",
    "gb18030": "GB18030",
    "big5": "BIG5",
    "cp949": "UHC",
}

_MULTIBYTE: Final = frozenset({"cp932", "euc-jp", "gb18030", "big5", "cp949"})
_WORD: Final = re.compile(r"[^\W\d_]+", re.UNICODE)
_CYR_VOWELS: Final = frozenset("аеёиоуыэюяіїєАЕЁИОУЫЭЮЯІЇЄ")
# Characters that real text rarely holds but mis-decoded text often does.
_RARE: Final = frozenset("¤¦¨¯´¸¹³¬¾½¼ªº¡¿×÷þÞðÐÿŸƒˆ˜‡†‰‹›¶•¢¥§¬®©°±²µ·") - frozenset("°±²µ·©®§€")


@dataclass
class EncodingGuess:
    encoding: str
    confidence: str  # high / low
    alternatives: list[str] = field(default_factory=list)
    equivalent: list[str] = field(default_factory=list)  # read this sample identically
    evidence: int = 0  # non-ASCII words and characters weighed
    scores: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def pg_name(encoding: str) -> str | None:
    return PG_NAMES.get(encoding)


def _script(ch: str) -> str:
    o = ord(ch)
    if o < 0x80:
        return "latin" if ch.isalpha() else "common"
    if 0x00C0 <= o <= 0x024F or 0x1E00 <= o <= 0x1EFF:
        return "latin"
    if 0x0400 <= o <= 0x052F:
        return "cyrillic"
    if 0x0370 <= o <= 0x03FF:
        return "greek"
    if 0x3040 <= o <= 0x309F:
        return "hiragana"
    if 0x30A0 <= o <= 0x30FF:
        return "katakana"
    if 0xFF61 <= o <= 0xFF9F:
        return "halfwidth_katakana"
    if 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0xF900 <= o <= 0xFAFF:
        return "han"
    if 0xAC00 <= o <= 0xD7A3 or 0x1100 <= o <= 0x11FF or 0x3130 <= o <= 0x318F:
        return "hangul"
    try:
        name = unicodedata.name(ch)
    except ValueError:
        return "unknown"
    return name.split(" ", 1)[0].lower()


_EAST_ASIAN: Final = frozenset({"han", "hiragana", "katakana", "hangul", "halfwidth_katakana"})

# The accented letters each language writes: a reading whose letters no single language uses
# together is a mis-reading (French read as CP-1250 shows č and ŕ beside é).
_LATIN_LANGUAGES: Final = (
    "àâæçéèêëîïôœùûüÿ",  # French
    "äöüß",  # German
    "áéíñóúü",  # Spanish
    "áàâãçéêíóôõú",  # Portuguese
    "àèéìíîòóù",  # Italian
    "åæøäöéü",  # Nordic
    "ëïéèöüáó",  # Dutch, Afrikaans
    "áðéíóúýþæö",  # Icelandic
    "çğıöşü",  # Turkish
    "ąćęłńóśźż",  # Polish
    "áčďéěíňóřšťúůýž",  # Czech
    "áäčďéíĺľňóôŕšťúýž",  # Slovak
    "áéíóöőúüű",  # Hungarian
    "ăâîșşțţ",  # Romanian
    "čćđšž",  # Croatian, Serbian, Slovene, Bosnian
    "ëç",  # Albanian
    "äõöüšž",  # Estonian
    "āčēģīķļņšūž",  # Latvian
    "ąčęėįšųūž",  # Lithuanian
)
_CYRILLIC_FREQUENT: Final = frozenset("оеаинтсрвлкмдпуяыьгзбоіїєґ")
# Frequent Han characters (simplified and traditional forms): real Chinese, even names and
# addresses, is mostly made of them; Korean or Japanese bytes read as Chinese are not.
_HAN_FREQUENT: Final = frozenset(
    "的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可她"
    "里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老从"
    "动两长知民样现分将外但身些与高意进把法此实回二理美点月明其种声全工己话儿者向情部正名定女问力机给等"
    "几很业最间新什打便位因重被走电四第门相次东政海口使教西再平真听世气信北少关并内加化由却代军产入先山"
    "五太水万市眼体别处总才场师书比住员九笑性通目华报立马命张活难神数件安表原车白应路期叫死常提感金何更"
    "反合放做系计或司利受光王果亲界及今京务制解各任至清物台象记边共风战干接它许八特觉望直服毛林题建南度"
    "统色字请交爱让认算论百吃义科怎元社术结六功指思非流每青管夫连远资队跟带花快条院变联言权往展该领传近"
    "留红治决周保达办运武半候七必城父强步完革深区即求品士转量空甚众技轻程告江语英基派满式李息写呢识极令"
    "黄德收脸钱党倒未持取设始版双历越史商千片容研像找友孩站广改议形委早房音火际则首单据导影失拿网香似斯"
    "专石若兵弟谁校读志飞观争究包组造落视济喜离虽坐集编宝谈府拉黑且随格尽剑讲布杀微怕母调局根曾准团段终"
    "乐切级克精哪官示冷域省州县镇村街号楼层室朝阳浦新天河福建湖广东西南北路道巷弄园厦座栋质量欢迎光临谢"
    "支持限品牌价格元件台湾香港澳门臺區們這來個國時會過學對裡後麼沒發當無開動長樣現將與進實點種聲話兒問"
    "機給幾業間電門東聽氣關軍產萬體別處總場師書員華報馬張難數車應歡迎臨謝質優產務設計網頁聯繫統資訊號樓"
    "購買費銀行區鄉鎮縣灣寶麗愛錢為說們東陽濟寧齊雲鳳龍韓劉陳楊黃趙吳周徐孫馬朱胡郭何高林羅鄭梁謝宋唐許"
    "韩刘陈杨赵吴孙罗郑梁谢许邓冯曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏"
    "韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
_HANGUL_FREQUENT: Final = frozenset(
    "이다는의에가고하지로을를한기서사대자어도리수아해나시정인부그있일전주제보것상마우관과구라장들성신국면"
    "조여내원요소만경동중문적비화개러방무위생오니게공세금계실회안및연거발물미선행유강스식업진모치산명재교"
    "간양용처결심데되학였저불입말음능할없히때감합은습김철울천광역특별남샘플새품녕민한문의하세요감사합니다"
    "서울부산인천대구광주대전울산경기강원충북충남전북전남경북경남제주시군구읍면동리로길번지호층"
)
def _case_ok(word: str) -> bool:
    letters = [c for c in word if c.isalpha() and (c.isupper() or c.islower())]
    if len(letters) < 2:
        return True
    s = "".join(letters)
    return s.islower() or s.isupper() or (s[0].isupper() and s[1:].islower())


def _word_score(word: str) -> float | None:
    """Plausibility of one word holding non-ASCII letters (None: not informative)."""
    scripts = {_script(c) for c in word}
    scripts.discard("common")
    east = scripts & _EAST_ASIAN
    if east:
        return None  # scored per character (below)
    if len(scripts) > 1:
        return 0.0
    if not _case_ok(word):
        return 0.0
    script = next(iter(scripts), "latin")
    if script == "latin":
        non_ascii = sum(1 for c in word if ord(c) > 0x7F)
        if len(word) >= 5 and non_ascii * 10 > len(word) * 7:
            return 0.0
        if any(c in "ÞþÐðŸ" for c in word):
            return 0.3
        return 1.0
    if script == "cyrillic":
        if len(word) >= 4:
            vowels = sum(1 for c in word if c in _CYR_VOWELS)
            if vowels == 0 or vowels * 10 > len(word) * 8:
                return 0.1
            low = word.lower()
            frequent = sum(1 for c in low if c in _CYRILLIC_FREQUENT)
            if frequent * 2 < len(low):
                return 0.4
        return 1.0
    if script == "greek":
        return 1.0
    return 0.2


def _east_asian_score(text: str, codec: str) -> tuple[float, int]:
    """(plausibility, characters weighed) of the East Asian characters of ``text`` read as ``codec``."""
    han = kana = hangul = half = common = total = 0
    for ch in text:
        o = ord(ch)
        if o < 0x80:
            continue
        s = _script(ch)
        if s not in _EAST_ASIAN:
            continue
        total += 1
        if s == "halfwidth_katakana":
            half += 1
            continue
        if s in ("hiragana", "katakana"):
            kana += 1
        elif s == "hangul":
            hangul += 1
        else:
            han += 1
        try:
            b = ch.encode(codec)
        except UnicodeEncodeError:
            continue
        if len(b) != 2:
            continue
        lead, trail = b[0], b[1]
        if codec == "cp932" and (0x88 <= lead <= 0x9F or lead in (0x82, 0x83)):
            common += 1
        elif codec == "euc-jp" and (0xB0 <= lead <= 0xCF or lead in (0xA4, 0xA5)) and trail >= 0xA1:
            common += 1
        elif codec == "gb18030" and 0xB0 <= lead <= 0xD7 and trail >= 0xA1:
            common += 1
        elif codec == "big5" and 0xA4 <= lead <= 0xC6:
            common += 1
        elif codec == "cp949" and 0xB0 <= lead <= 0xC8 and trail >= 0xA1:
            common += 1
    if total == 0:
        return 1.0, 0
    score = common / total
    if han >= 4 and codec in ("gb18030", "big5"):
        frequent = sum(1 for ch in text if ch in _HAN_FREQUENT)
        score *= min(1.0, 0.3 + frequent / han)
    if hangul >= 4 and codec == "cp949":
        frequent = sum(1 for ch in text if ch in _HANGUL_FREQUENT)
        score *= min(1.0, 0.3 + frequent / hangul)
    if codec in ("cp932", "euc-jp"):
        if hangul:
            score *= 0.2
        if han and kana * 20 < han:
            score *= 0.6  # Japanese prose has kana; a list of names may not
        score -= half / total
    elif codec == "cp949":
        if kana:
            score *= 0.3
        if hangul * 2 < total:
            score *= 0.5  # Korean text is mostly hangul
    else:  # Chinese
        if kana or hangul:
            score *= 0.3
    return max(score, 0.0), total


def _plausibility(text: str, codec: str) -> tuple[float, int]:
    """(score in 0..1, evidence) of the reading ``text`` of the sample with ``codec``."""
    good = 0.0
    weight = 0
    for m in _WORD.finditer(text):
        w = m.group()
        if w.isascii():
            continue
        s = _word_score(w)
        if s is None:
            continue
        good += s
        weight += 1
    bad_chars = 0
    chars = 0
    controls = 0  # C1 controls and unassigned code points: real text holds none
    prev = ""
    for i, ch in enumerate(text):
        o = ord(ch)
        if o < 0x80:
            prev = ch
            continue
        chars += 1
        cat = unicodedata.category(ch)
        if 0x80 <= o <= 0x9F or cat in ("Cc", "Co", "Cn", "Cs"):
            bad_chars += 3
            controls += 1
        elif 0x2500 <= o <= 0x25FF or 0x2320 <= o <= 0x2321:
            bad_chars += 3
        elif ch in _RARE:
            bad_chars += 1
        elif cat[0] in "SN" and prev.isalpha() and i + 1 < len(text) and text[i + 1].isalpha():
            bad_chars += 2  # a symbol between two letters
        elif ch.isalpha() and (prev.isdigit() or (i + 1 < len(text) and text[i + 1].isdigit())):
            bad_chars += 1  # a non-ASCII letter glued to a number (Ј512, ё512): a misread £ or €
        elif cat == "Sc" and (prev.isdigit() or (i + 1 < len(text) and text[i + 1].isdigit())):
            good += 1  # a currency sign at an amount (£512, 5 €)
            weight += 1
        prev = ch
    cov, cov_n = _latin_coverage(text)
    ea, ea_n = _east_asian_score(text, codec)
    if ea_n:
        good += ea * ea_n
        weight += ea_n
    if weight == 0 and chars == 0:
        return 1.0, 0
    score = good / weight if weight else 1.0
    if cov_n >= 3:
        score *= cov
    if chars:
        score -= min(1.0, bad_chars / chars)
    if controls:
        score = min(score, 0.5)
    return max(min(score, 1.0), 0.0), weight + chars


def _latin_coverage(text: str) -> tuple[float, int]:
    """How much of the text's accented Latin letters one language could have written."""
    counts: dict[str, int] = {}
    for ch in text:
        if ord(ch) > 0x7F and ch.isalpha() and _script(ch) == "latin":
            c = ch.lower()
            counts[c] = counts.get(c, 0) + 1
    if not counts:
        return 1.0, 0
    # by distinct letters (a language's rarer letters weigh as much as its common ones), for the
    # best pair of languages: a table of names mixes a few (Jürgen, São Paulo, naïve café)
    sets = [frozenset(c for c in counts if c in lang) for lang in _LATIN_LANGUAGES]
    single = max(len(x) for x in sets) / len(counts)
    pair = max(len(x | y) for x in sets for y in sets) / len(counts)
    return max(single * single, 0.75 * pair * pair), len(counts)


def decodes_same(data: bytes, a: str, b: str) -> bool:
    try:
        return data.decode(a) == data.decode(b)
    except UnicodeDecodeError:
        return False


def _decode(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as e:
        if codec in _MULTIBYTE:
            # a character cut by the end of a sample is not an error; anything else is
            if e.start >= len(data) - 3 and b"\n" not in data[e.start:]:
                try:
                    return data[: e.start].decode(codec)
                except UnicodeDecodeError:
                    return None
            return None
        dec = codecs.getdecoder(codec)
        return dec(data, "replace")[0]


def _interesting(data: bytes, limit: int = 256 << 10) -> bytes:
    """The lines of ``data`` that hold bytes above 0x7F (what tells encodings apart), at most LIMIT."""
    out = bytearray()
    for line in data.splitlines(keepends=True):
        if not line.isascii():
            out += line
            if len(out) >= limit:
                break
    return bytes(out)


def guess_legacy(data: bytes) -> EncodingGuess:
    """The most plausible legacy encoding of ``data`` (which is not valid UTF-8)."""
    sample = _interesting(data) or data[: 256 << 10]
    readings: dict[str, str] = {}
    for codec in LEGACY:
        text = _decode(sample, codec)
        if text is None:
            continue
        if "\ufffd" in text and codec not in _MULTIBYTE:
            continue  # a byte this code page leaves undefined
        readings[codec] = text
    if not readings:
        return EncodingGuess("latin-1", "low", [], notes=["no common encoding reads these bytes; read as Latin-1"])
    groups: list[list[str]] = []
    for codec, text in readings.items():
        for g in groups:
            if readings[g[0]] == text:
                g.append(codec)
                break
        else:
            groups.append([codec])
    scored = []
    evidence = 0
    for g in groups:
        s, n = _plausibility(readings[g[0]], g[0])
        evidence = max(evidence, n)
        scored.append((s, g))
    scored.sort(key=lambda x: (-x[0], LEGACY.index(x[1][0])))
    best_s, best_g = scored[0]
    runner = scored[1][0] if len(scored) > 1 else 0.0
    alternatives = [g[0] for s, g in scored[1:] if s >= best_s - 0.35 and s > 0.3][:4]
    confident = best_s >= 0.6 and best_s - runner >= 0.2 and (evidence >= 3 or runner <= 0.3)
    guess = EncodingGuess(
        best_g[0],
        "high" if confident else "low",
        alternatives if not confident else [],
        equivalent=best_g[1:],
        evidence=evidence,
        scores={g[0]: round(s, 3) for s, g in scored[:6]},
    )
    if not confident:
        guess.notes.append(
            f"encoding {best_g[0]} is a guess (other readings: {', '.join(alternatives) or 'none plausible'}); "
            "import_csv asks you to confirm it"
        )
    return guess


def differing_bytes(a: str, b: str, present: set[int]) -> list[int]:
    """The bytes of PRESENT (above 0x7F) that single-byte encodings A and B read differently."""
    out = []
    for x in sorted(present):
        if x < 0x80:
            continue
        one = bytes([x])
        try:
            if one.decode(a) != one.decode(b):
                out.append(x)
        except UnicodeDecodeError:
            out.append(x)
    return out


def recheck(guess: EncodingGuess, present: set[int], sample: bytes) -> EncodingGuess:
    """Check a guess against the bytes of the whole file: when bytes the sample did not show
    are read differently by the readings that agreed on the sample, guess again from the lines
    that hold them (SAMPLE)."""
    if not guess.equivalent or guess.encoding in _MULTIBYTE:
        return guess
    if not any(differing_bytes(guess.encoding, other, present) for other in guess.equivalent
               if other not in _MULTIBYTE):
        return guess
    again = guess_legacy(sample)
    again.notes.insert(0, "bytes further in the file tell the candidate encodings apart; guessed again from them")
    return again
