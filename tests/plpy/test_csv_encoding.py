"""dbagent_plpy.csv_encoding: legacy encodings are guessed, and an uncertain guess says so.

The rule that matters: never a confident wrong guess (a wrong encoding loads garbled text); an
unsure one is allowed, since import_csv then asks the caller to confirm the encoding.
"""

from __future__ import annotations

import random

import pytest

from dbagent_plpy.csv_encoding import guess_legacy, recheck

TEXTS = {
    "fr": ["Société Générale", "Crème brûlée à la française", "Hôpital Saint-Étienne", "Ça coûte très cher",
           "Garçon élégant", "Théâtre de l'Opéra", "Noël à Besançon", "Forêt de Fontainebleau"],
    "de": ["Müller GmbH", "Straße der Einheit", "Größe und Gewicht", "Bäckerei Schäfer", "Öffnungszeiten",
           "Übersetzung prüfen", "Fußgängerzone München", "Schöne Grüße aus Köln"],
    "es": ["Peña Nieto", "Niño pequeño", "Año nuevo en España", "Canción de cuna", "Corazón", "Jamón ibérico",
           "Señora García", "Educación física"],
    "pl": ["Łódź Kaliska", "Zażółć gęślą jaźń", "Wrocław Główny", "Gdańsk", "Kraków", "Szczecin Dąbie",
           "Białystok", "Świętokrzyskie"],
    "cs": ["Příliš žluťoučký kůň", "Úpěl ďábelské ódy", "Plzeň", "České Budějovice", "Ústí nad Labem",
           "Hradec Králové", "Třebíč", "Šumperk"],
    "hu": ["Győr", "Pécs", "Székesfehérvár", "Árvíztűrő tükörfúrógép", "Nyíregyháza", "Kecskemét", "Debrecen",
           "Miskolc"],
    "ru": ["Привет мир", "Москва", "Санкт-Петербург", "Новосибирск", "Иванов Иван Иванович", "ООО Ромашка",
           "Улица Ленина", "Съешь же ещё этих мягких французских булок"],
    "uk": ["Київ", "Харків", "Одеса", "Дніпро", "Львів", "Запоріжжя", "Шевченко Тарас", "Вулиця Хрещатик"],
    "ja": ["東京都千代田区", "株式会社サンプル", "こんにちは世界", "ありがとうございます", "大阪府大阪市", "山田太郎",
           "ソフトウェア開発", "お問い合わせ"],
    "zh": ["北京市朝阳区", "上海市浦东新区", "我们的产品质量很好", "欢迎光临", "中华人民共和国", "广州市天河区", "张三",
           "有限公司"],
    "zt": ["臺北市中正區", "香港特別行政區", "我們的產品品質很好", "歡迎光臨", "中華民國", "高雄市", "張三", "有限公司"],
    "ko": ["서울특별시 강남구", "안녕하세요", "감사합니다", "부산광역시", "김철수", "주식회사 샘플", "대한민국", "새로운 상품 안내"],
}
ENCODINGS = {"fr": ["cp1252", "latin-1", "iso8859-15"], "de": ["cp1252", "latin-1"], "es": ["cp1252", "latin-1"],
             "pl": ["cp1250", "iso8859-2"], "cs": ["cp1250", "iso8859-2"], "hu": ["cp1250", "iso8859-2"],
             "ru": ["cp1251", "koi8-r", "iso8859-5"], "uk": ["cp1251"], "ja": ["cp932", "euc-jp"],
             "zh": ["gb18030"], "zt": ["cp950"], "ko": ["cp949"]}
CASES = [(lang, enc, n) for lang, encs in ENCODINGS.items() for enc in encs for n in (3, 10, 200)]


def _csv(lang: str, n: int) -> str:
    rng = random.Random(n)
    texts = TEXTS[lang]
    rows = ["id,name,city,amount"] + [f"{i},{rng.choice(texts)},{rng.choice(texts)},{i * 1.5}" for i in range(n)]
    return "\n".join(rows) + "\n"


@pytest.mark.parametrize(("lang", "encoding", "rows"), CASES)
def test_never_a_confident_wrong_guess(lang: str, encoding: str, rows: int) -> None:
    data = _csv(lang, rows).encode(encoding)
    g = guess_legacy(data)
    same = data.decode(g.encoding) == data.decode(encoding)
    assert same or g.confidence == "low", (g.encoding, g.scores)
    if rows == 200:
        assert same and g.confidence == "high", (g.encoding, g.confidence, g.scores)  # enough text to be sure


def test_most_guesses_are_sure() -> None:
    sure = sum(guess_legacy(_csv(lang, n).encode(enc)).confidence == "high" for lang, enc, n in CASES)
    assert sure >= 0.9 * len(CASES)


def test_an_undecided_guess_names_its_alternatives() -> None:
    # "São" or Romanian "Săo": one letter cannot tell CP-1252 from CP-1250
    g = guess_legacy("7,55.87,São Paulo\n".encode("cp1252"))
    assert g.confidence == "low" and "cp1250" in g.alternatives and g.notes


def test_bytes_further_on_can_reopen_the_question() -> None:
    # the sample held only é (the same in CP-1252, Latin-1, CP-1250): the whole file holds è too
    g = guess_legacy("1,café\n".encode("cp1252"))
    assert g.encoding == "cp1252" and "cp1250" in g.equivalent
    later = "2,Crème brûlée à la française, Noël\n".encode("cp1252")
    again = recheck(g, set(later) | {0xE9}, later)
    assert again.encoding == "cp1252" and again.confidence == "high"
    czech = "2,Příliš žluťoučký kůň úpěl ďábelské ódy\n".encode("cp1250")
    again = recheck(g, set(czech), czech)
    assert again.encoding == "cp1250"


def test_text_no_encoding_explains_is_low_confidence() -> None:
    g = guess_legacy(bytes(range(0x80, 0x100)) * 3)
    assert g.confidence == "low"
