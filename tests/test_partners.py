"""The partner of a non-English article from its text (corpuskit.partners), on short articles written
for these tests in the shapes agencies use (title, dateline, lead, quotes, background)."""

import pandas as pd
import pytest

from corpuskit.entities import add_dyads
from corpuskit.partners import dyad_from_text, find_names, partner_from_text

RU_BELARUS = (
    "Джейхун Байрамов провел переговоры с главой МИД Беларуси",
    "Баку, 14 марта, Trend.\n\n"
    "Министр иностранных дел Азербайджана Джейхун Байрамов в четверг встретился со своим белорусским "
    "коллегой Максимом Рыженковым, находящимся с официальным визитом в нашей стране.\n\n"
    "Как сообщили в пресс-службе МИД Азербайджана, стороны обсудили азербайджано-белорусское "
    "сотрудничество в торговле, промышленности и образовании.\n\n"
    "Байрамов проинформировал гостя о ходе мирного процесса с Арменией. «После 44-дневной войны 2020 "
    "года Армения должна отказаться от территориальных притязаний. Мы готовы подписать мирное соглашение "
    "с Арменией», – сказал министр.\n\n"
    "Он также отметил, что разминирование территорий, освобожденных от армянской оккупации, остается "
    "приоритетом. Армения до сих пор не передала точные карты минных полей.\n\n"
    "Рыженков поблагодарил за гостеприимство и пригласил Байрамова посетить Минск.",
)

RU_KAZAKHSTAN_DATELINE = (
    "Алиев и Токаев обсудили по телефону транспортные проекты",
    "Москва, 3 апреля. /ТАСС/.\n\n"
    "Президент Азербайджана Ильхам Алиев провел телефонный разговор с президентом Казахстана "
    "Касым-Жомартом Токаевым, сообщила пресс-служба главы азербайджанского государства.\n\n"
    "Лидеры обсудили развитие Транскаспийского международного транспортного маршрута в обход России. "
    "По оценкам экспертов, грузопоток через Россию снизился, а Россия ищет новые рынки. "
    "Ранее Москва заявляла о готовности участвовать в проекте.",
)

AZ_HUNGARY = (
    "Prezident İlham Əliyev Macarıstanın xarici işlər və ticarət nazirini qəbul edib",
    "Bakı, 5 iyun, AZƏRTAC\n\n"
    "Azərbaycan Respublikasının Prezidenti İlham Əliyev iyunun 5-də Macarıstanın xarici işlər və ticarət "
    "naziri Peter Siyartonu qəbul edib.\n\n"
    "Görüşdə strateji tərəfdaşlığın inkişafı, enerji təhlükəsizliyi və Avropa İttifaqı ilə əməkdaşlıq "
    "məsələləri müzakirə olunub.\n\n"
    "Dövlətimizin başçısı Ermənistan ilə sülh prosesi barədə məlumat verib. Prezident qeyd edib ki, "
    "2020-ci ildə Vətən müharibəsindən sonra regionda yeni reallıq yaranıb, Ermənistan isə sülh "
    "sazişini imzalamağa hazır olmalıdır. Ermənistanın silahlanması regionda sabitliyə təhlükədir.\n\n"
    "Qonaq ölkəsinin Azərbaycan qazının Avropaya nəqlində rolunu vurğulayıb.",
)

AZ_UZBEKISTAN_COUNTERPART = (
    "Ceyhun Bayramov özbəkistanlı həmkarı ilə telefon danışığı aparıb",
    "Bakı, 12 fevral, APA\n\n"
    "Azərbaycanın xarici işlər naziri Ceyhun Bayramov özbəkistanlı həmkarı Bəxtiyar Saidov ilə telefon "
    "danışığı aparıb.\n\n"
    "Nazirlər Rusiyanın və Türkiyənin iştirakı ilə regional layihələri, həmçinin Rusiya ilə Qazaxıstan "
    "arasında tranzit imkanlarını müzakirə ediblər. Rusiyaya ixrac da gündəmdə olub.",
)

TR_KAZAKHSTAN = (
    "Azerbaycan ve Kazakistan dışişleri bakanları telefonda görüştü",
    "BAKÜ (AA) - Azerbaycan Dışişleri Bakanı Ceyhun Bayramov, Kazakistan Dışişleri Bakanı Murat "
    "Nurtleu ile telefonda görüştü.\n\n"
    "Görüşmede, Hazar Denizi üzerinden geçen Orta Koridor ele alındı. Rusya'nın bölgedeki etkisi ve "
    "Rusya üzerinden taşımacılıktaki düşüş de konuşuldu. Ermenistan ile barış süreci hakkında bilgi "
    "veren Bayramov, Ermenistan'ın anayasasındaki toprak iddialarının kaldırılması gerektiğini söyledi.",
)

TR_HOST = (
    "Fidan, Azerbaycanlı mevkidaşı Bayramov'u kabul etti",
    "ANKARA (AA) - Dışişleri Bakanı Hakan Fidan, Azerbaycan Dışişleri Bakanı Ceyhun Bayramov'u "
    "Ankara'da resmi törenle karşıladı.\n\n"
    "İkili görüşmede, Türkiye ile Azerbaycan arasındaki ilişkiler ve bölgesel gelişmeler ele alındı. "
    "Fidan, Ermenistan ile normalleşme sürecine destek verdiklerini belirtti. Ermenistan'ın barış "
    "anlaşmasını imzalaması bölge için önemli.",
)

RU_POLAND_ARMENIA_IN_LEAD = (
    "Байрамов обсудил мирный процесс с Арменией с главой МИД Польши",
    "Варшава, 9 октября, АПА.\n\n"
    "Министр иностранных дел Азербайджана Джейхун Байрамов обсудил мирный процесс с Арменией в ходе "
    "встречи с польским коллегой Радославом Сикорским.\n\n"
    "По словам Байрамова, Армения затягивает делимитацию границы, а Армения и ее союзники вооружаются. "
    "Польша поддерживает территориальную целостность Азербайджана.",
)

AZ_GEORGIA_ARMENIA_IN_LEAD = (
    "Azərbaycan və Gürcüstan xarici işlər nazirləri Ermənistanla sülh prosesini müzakirə ediblər",
    "Bakı, 20 yanvar, Report\n\n"
    "Ceyhun Bayramov gürcüstanlı həmkarı ilə görüşdə Ermənistanla sülh prosesi barədə məlumat verib.\n\n"
    "Nazir bildirib ki, Ermənistan hələ də konstitusiyasındakı iddialardan imtina etməyib. "
    "Ermənistanın mövqeyi sülhə mane olur, Ermənistan isə vaxt itirir.",
)


RU_COUNTERPART_FROM = (
    "",
    "Баку, 3 мая. Президент Ильхам Алиев встретился с коллегой из Венгрии. Президент подчеркнул, что "
    "Армения должна подписать мирный договор, Армения затягивает процесс, а Армения вооружается.",
)


@pytest.mark.parametrize(("article", "partner"), [
    (RU_POLAND_ARMENIA_IN_LEAD, "POL"),  # Armenia in title and lead too, but with no counterpart cue
    (AZ_GEORGIA_ARMENIA_IN_LEAD, "GEO"),
    (RU_COUNTERPART_FROM, "HUN"),  # "Президент подчеркнул, что Армения": a cue does not cross a comma
], ids=["ru-poland", "az-georgia", "ru-counterpart-from"])
def test_the_acting_country_beats_a_background_country_in_the_lead(article, partner):
    assert partner_from_text(*article) == partner

UK_UKRAINE = (
    "Сибіга провів переговори з азербайджанським колегою",
    "Київ, 18 листопада, Укрінформ.\n\n"
    "Міністр закордонних справ України Андрій Сибіга провів переговори з азербайджанським колегою "
    "Джейхуном Байрамовим. Сторони обговорили енергетичну безпеку.\n\n"
    "Окрему увагу приділили наслідкам агресії Росії: Росія продовжує атаки, а Росія блокує порти.",
)


@pytest.mark.parametrize(("article", "partner"), [
    (UK_UKRAINE, "UKR"),  # Russia named more often, in the background
    (RU_BELARUS, "BLR"),  # Armenia named more often, in the background
    (RU_KAZAKHSTAN_DATELINE, "KAZ"),  # a Moscow dateline and Russia in the background
    (AZ_HUNGARY, "HUN"),
    (AZ_UZBEKISTAN_COUNTERPART, "UZB"),  # a counterpart adjective; Russia named more often
    (TR_KAZAKHSTAN, "KAZ"),
    (TR_HOST, "TUR"),  # the host country, named after its capital and in "Türkiye ile Azerbaycan"
], ids=["uk-ukraine", "ru-belarus", "ru-kazakhstan", "az-hungary", "az-uzbekistan", "tr-kazakhstan",
        "tr-host"])
def test_partner_of_a_non_english_article(article, partner):
    assert dyad_from_text(*article) == (f"AZE–{partner}", partner)


def test_the_most_named_country_without_interaction():
    title = "Эксперты обсудили цены на нефть"
    body = ("Баку, 2 мая, Report.\n\nЦены на нефть снизились из-за решений Саудовской Аравии. "
            "Иран и Саудовская Аравия сохранили добычу. Саудовская Аравия ответила.")
    assert partner_from_text(title, body) == "SAU"


def test_an_organisation_partner_is_no_iso3_partner():
    title = "Azərbaycan ilə Avropa İttifaqı arasında enerji dialoqu"
    body = "Brüssel, 4 aprel. Nazir Avropa İttifaqının nümayəndələri ilə görüşüb. Ermənistan da qeyd olunub."
    assert partner_from_text(title, body) == "EU"
    assert dyad_from_text(title, body) == (None, None)


def test_no_country_no_partner():
    assert dyad_from_text("Bakıda yeni park açılıb", "Bakı, 1 may. Sakinlər parkda gəzirlər.") == (None, None)


@pytest.mark.parametrize(("text", "codes"), [
    ("России, Россией, российско-азербайджанские, Москвы", ["RUS", "RUS", "RUS", "AZE", "RUS"]),
    ("Армении, армянских, Ереване", ["ARM", "ARM", "ARM"]),
    ("Белоруссии, белорусский, Беларусью", ["BLR", "BLR", "BLR"]),
    ("Узбекистана, узбекской, Ташкенте", ["UZB", "UZB", "UZB"]),
    ("Rusiyanın, Rusiyaya, Ermənistanın, Türkiyəyə, Gürcüstanla, Özbəkistanın, Daşkənddə, İrəvan",
     ["RUS", "RUS", "ARM", "TUR", "GEO", "UZB", "UZB", "ARM"]),
    ("Ermenistan'ın, Türkmenistan, Türkiye, ABD'nin", ["ARM", "TKM", "TUR", "USA"]),
    ("Венгрии, Венесуэлы, Делегация", ["HUN", "VEN"]),  # no Vienna in Venezuela, no Delhi in a delegation
    ("сопредседатели Минской группы ОБСЕ", ["OSCE"]),  # the Minsk Group is not Belarus
    ("на основе Алма-Атинской декларации и Вашингтонской декларации", []),  # documents, not actors
    ("Alma-Ata Bəyannaməsi, Minsk qrupu, Çinin və Rusiyanın", ["CHN", "RUS"]),
])
def test_stems_match_inflected_forms(text, codes):
    assert [code for *_, code in find_names(text)] == codes


def test_english_articles_keep_their_entity_partner():
    """An English article's partner comes from its entities even if its text names another country
    more; a Russian one's from its text; a missing body is no partner."""
    articles = pd.DataFrame({
        "doc_id": ["en", "ru", "none"], "language": ["en", "ru", "az"],
        "title": ["Armenia, Armenia", RU_BELARUS[0], None],
        "body": ["Armenia. Armenia. Armenia.", RU_BELARUS[1], None]})
    entities = pd.DataFrame({"doc_id": ["en", "en"], "label": ["GPE", "PERSON"],
                             "country_iso3": ["POL", "POL"], "interacts_with_focus": [False, True]})
    table = add_dyads(articles, entities).set_index("doc_id")
    assert table.loc[["en", "ru"], "partner_iso3"].tolist() == ["POL", "BLR"]
    assert pd.isna(table.loc["none", "partner_iso3"])
    assert table.loc["ru", "dyad"] == "AZE–BLR"


def test_without_language_column_every_partner_comes_from_entities():
    articles = pd.DataFrame({"doc_id": ["a"], "title": ["Россия"], "body": ["Россия и Армения"]})
    entities = pd.DataFrame({"doc_id": ["a"], "label": ["GPE"], "country_iso3": ["GEO"]})
    assert add_dyads(articles, entities)["partner_iso3"].tolist() == ["GEO"]


def test_the_lead_of_a_one_paragraph_body_is_its_opening():
    """A body without paragraph breaks: only its first sentences are the lead, so a third country's
    official quoted at the end does not count as acting in the lead."""
    body = ("Баку, 2 мая, Report. Министр иностранных дел Азербайджана Джейхун Байрамов находится в Грузии "
            "с официальным визитом. В Тбилиси он провел встречи в правительстве, обсудил транзит грузов, "
            "энергетические проекты, строительство новой железной дороги, цифровую связь, культурный обмен "
            "и обучение студентов. Стороны подписали меморандум о сотрудничестве в области образования, "
            "а также договорились о регулярных консультациях на уровне заместителей министров и экспертов. "
            "Тем временем министр иностранных дел Армении заявил, что Армения готова к переговорам, "
            "но Армения пока не ответила на последние предложения.")
    assert partner_from_text("", body) == "GEO"


@pytest.mark.parametrize("title", [
    "О встрече Министра иностранных дел Азербайджанской Республики Джейхуна Байрамова с Министром "
    "иностранных дел Республики Польша Радославом Сикорским",
    "Azərbaycan Respublikasının Xarici İşlər Naziri Ceyhun Bayramovun Polşa Respublikasının Xarici İşlər "
    "Naziri Radoslav Sikorski ilə görüşü haqqında",
])
def test_a_ministry_release_title(title):
    """Ministries' formal titles: the partner's minister named with the country's official name."""
    background = "Ermənistan, Ermənistan. Армения, Армения."
    assert partner_from_text(title, background) == "POL"
