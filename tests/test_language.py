"""Language detection: the quick windows decide only when they agree with the whole sample."""

from corpuskit.language import QUICK_CHARS, SAMPLE_CHARS, detect_language

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


# An opening and an end in English full of local names (less than sure for lingua), around a body in
# another language: our own sentences, in the shape of a wire story quoting a statement.
OPENING = ("The Heydar Aliyev Foundation and the Mehriban Aliyeva Fund said that the Novruz Bayrami and "
           "Qurban Bayrami events with Ilham Aliyev, Leyla Aliyeva and Arzu Aliyeva have been held in the "
           "Gulustan Palace and the Heydar Aliyev Center. The Novruz Bayrami events of Leyla Aliyeva and "
           "Arzu Aliyeva were held in Shusha and Khankendi. ")
CLOSING = ("The statement was published on the website of the ministry, and the talks were held at the "
           "invitation of the Latvian side, the ministry said in a statement from its press service that has "
           "been sent to the agencies. The ministers also said that their next meeting with the delegations "
           "will be held in Riga. ")
BODIES = {"ru": "Министр иностранных дел Азербайджана провел встречу с послом Латвии, стороны обсудили "
                "двустороннее сотрудничество. ",
          "az": "Azərbaycanın xarici işlər naziri Latviyanın səfiri ilə görüşüb, tərəflər ikitərəfli "
                "əməkdaşlığı müzakirə ediblər. "}


def test_english_windows_around_another_language_do_not_decide():
    assert detect_language(OPENING + BODIES["ru"] * 10 + CLOSING) == "ru"
    assert detect_language(OPENING + BODIES["az"] * 4 + CLOSING) == "az"
