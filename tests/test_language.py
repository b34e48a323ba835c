"""Language detection: the quick windows decide only when they agree with the whole sample."""

from corpuskit import language
from corpuskit.language import QUICK_CHARS, QUICK_CONFIDENCE, SAMPLE_CHARS, detect_language, surely_english

ENGLISH = "The foreign ministers met in Baku and discussed transport links and energy supplies. "
RUSSIAN = "Министры иностранных дел встретились в Баку и обсудили транспорт и поставки энергии. "
PROSE = "The minister said that the talks with their partners from Riga have been useful for both sides. "
AZERBAIJANI = "Xarici işlər nazirləri Bakıda görüşüb və nəqliyyat əlaqələrini müzakirə ediblər. "


def test_a_long_text_in_one_language_is_read_from_its_windows():
    assert detect_language(ENGLISH * 60) == "en"
    assert detect_language(AZERBAIJANI * 60) == "az"


def test_an_opening_in_another_language_does_not_decide():
    # an English quote opens a Russian text: the windows disagree, the whole sample decides
    text = ENGLISH * (2 * QUICK_CHARS // len(ENGLISH) + 1) + RUSSIAN * (SAMPLE_CHARS // len(RUSSIAN))
    assert len(text[:SAMPLE_CHARS]) > 2 * QUICK_CHARS
    assert detect_language(text) == "ru"


def test_a_short_text_is_read_whole():
    assert detect_language(RUSSIAN) == "ru"
    assert detect_language("Baku and Riga") == "und"


def test_english_windows_are_decided_without_lingua(monkeypatch):
    def no_lingua():
        raise AssertionError("lingua was asked")
    monkeypatch.setattr(language, "detector", no_lingua)
    assert detect_language(PROSE * 60) == "en"


# Texts in candidate languages that share words or letters with English (our own sentences).
OTHERS = {
    "de": "Der Minister war in Baku und hat mit seinem Kollegen über die Energie gesprochen. ",
    "fr": "Le ministre a rencontré son homologue à Bakou et ils ont parlé de la coopération. ",
    "it": "Il ministro è arrivato a Baku e ha discusso con il collega la cooperazione in energia. ",
    "es": "El ministro llegó a Bakú y habló con su colega sobre la cooperación en energía. ",
    "pl": "Minister był w Baku i to on rozmawiał z kolegą o współpracy w dziedzinie energii. ",
    "hr": "Ministar je bio u Bakuu i on je to rekao nakon razgovora o suradnji u energetici. ",
    "hu": "A miniszter Bakuba érkezett, és a kollégájával is tárgyalt az energiáról. ",
    "tr": "Bakan Bakü'de mevkidaşı ile bir araya gelerek enerji işbirliğini görüştü. ",
    "az": AZERBAIJANI,
}


def test_the_marker_test_decides_english_only():
    assert surely_english(PROSE * 4)
    assert not surely_english(ENGLISH * 4)  # two kinds of marker only: lingua decides
    for text in OTHERS.values():
        assert not surely_english((text * 5)[:QUICK_CHARS])
    # an English sentence inside another language's window, or English in other letters, is left to lingua
    assert not surely_english((OTHERS["az"] * 2 + PROSE)[:QUICK_CHARS])
    assert not surely_english((PROSE + RUSSIAN)[:QUICK_CHARS])


def test_what_the_marker_test_decides_lingua_decides_the_same():
    for text in [PROSE, *OTHERS.values()]:
        for mixed in (text * 6, PROSE * 2 + text * 4, text * 3 + PROSE * 3):
            window = mixed[:QUICK_CHARS]
            if surely_english(window):
                best = language.detector().compute_language_confidence_values(window)[0]
                assert best.language.iso_code_639_1.name.lower() == "en" and best.value >= QUICK_CONFIDENCE


def test_the_marker_test_never_changes_a_label(monkeypatch):
    # articles whose windows mix English with another language, or are English around a foreign
    # text: the same label with the test as with lingua alone
    texts = []
    for other in [*OTHERS.values(), RUSSIAN]:
        for opening, end in ((PROSE * 3, PROSE * 3), (PROSE * 2 + other, other + PROSE * 2),
                             (other + PROSE * 2, PROSE * 2 + other)):
            texts.append(opening + other * 30 + end)
            texts.append(opening + PROSE * 30 + end)
    found = [detect_language(text) for text in texts]
    monkeypatch.setattr(language, "surely_english", lambda window: False)
    assert found == [detect_language(text) for text in texts]
    assert found.count("en") >= len(texts) // 3
