"""Language detection: the quick windows decide only when they agree with the whole sample."""

from corpuskit.language import QUICK_CHARS, SAMPLE_CHARS, detect_language

ENGLISH = "The foreign ministers met in Baku and discussed transport links and energy supplies. "
RUSSIAN = "Министры иностранных дел встретились в Баку и обсудили транспорт и поставки энергии. "
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
