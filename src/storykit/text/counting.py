"""Caption length in each platform's own units: X's weighted count, graphemes, bytes."""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

import regex

from storykit.text.platforms import Platform

# --- Grapheme clusters (Bluesky, Mastodon) -------------------------------------------------
# regex's \X follows UAX #29 (checked against GraphemeBreakTest-17.0.0 in the tests) except
# one rule: it joins a virama (InCB=Linker) to the next consonant even when no consonant
# comes before the virama, which GB9c requires. _split_gb9c() undoes those joins.
_CLUSTER = regex.compile(r"\X", regex.DOTALL)
_INCB_CONSONANT = regex.compile(r"\p{InCB=Consonant}")
_INCB_LINKER = regex.compile(r"\p{InCB=Linker}")
_INCB_EXTEND = regex.compile(r"\p{InCB=Extend}")
_GCB_PREPEND = regex.compile(r"\p{Grapheme_Cluster_Break=Prepend}")


def _gb9c_holds(cluster: str, i: int) -> bool:
    """Whether GB9c joins cluster[i] (a consonant) to what precedes it."""
    linker = False
    j = i - 1
    while j >= 0 and (_INCB_LINKER.match(cluster[j]) or _INCB_EXTEND.match(cluster[j])):
        linker = linker or bool(_INCB_LINKER.match(cluster[j]))
        j -= 1
    return linker and j >= 0 and bool(_INCB_CONSONANT.match(cluster[j]))


def _split_gb9c(cluster: str) -> list[str]:
    parts: list[str] = []
    start = 0
    for i in range(1, len(cluster)):
        if (
            _INCB_CONSONANT.match(cluster[i])
            and not _GCB_PREPEND.match(cluster[i - 1])
            and not _gb9c_holds(cluster, i)
        ):
            parts.append(cluster[start:i])
            start = i
    parts.append(cluster[start:])
    return parts


def graphemes(text: str) -> list[str]:
    """The extended grapheme clusters of text (Unicode UAX #29)."""
    out: list[str] = []
    for cluster in _CLUSTER.findall(text):
        if len(cluster) > 1 and _INCB_CONSONANT.search(cluster, 1):
            out.extend(_split_gb9c(cluster))
        else:
            out.append(cluster)
    return out


# --- Emoji sequences -----------------------------------------------------------------------
# twitter-text counts each emoji sequence found by twemoji-parser as one weight-2 unit. We
# find the same sequences from Unicode's emoji properties (kept current by `regex`): a
# keycap, a flag, or a pictograph with its presentation selector, skin tone, tag sequence and
# ZWJ-joined parts. A pictograph whose default is text (©, ☺, ♥) is an emoji only with
# U+FE0F or a modifier after it, as in twemoji-parser.
_PICTO = regex.compile(r"[\p{Extended_Pictographic}\p{Emoji_Modifier}]")
_EMOJI_PRESENTATION = regex.compile(r"\p{Emoji_Presentation}")
_MODIFIER = regex.compile(r"\p{Emoji_Modifier}")
_REGIONAL_INDICATOR = regex.compile(r"\p{Regional_Indicator}")
_KEYCAP = regex.compile("[#*0-9]\ufe0f?\u20e3")
_VS15, _VS16, _ZWJ = "\ufe0e", "\ufe0f", "\u200d"


def _emoji_length(cluster: str) -> int:
    """How many code points at the start of a grapheme cluster form one emoji (0 if none)."""
    keycap = _KEYCAP.match(cluster)
    if keycap:
        end: int = keycap.end()
        return end
    first = cluster[0]
    if _REGIONAL_INDICATOR.match(first):
        return 2 if len(cluster) > 1 and _REGIONAL_INDICATOR.match(cluster[1]) else 1
    if not _PICTO.match(first):
        return 0
    rest = cluster[1:2]
    if rest == _VS15:
        return 0
    if not (_EMOJI_PRESENTATION.match(first) or rest == _VS16 or _MODIFIER.match(rest)):
        return 0
    i = 1
    while i < len(cluster):
        c = cluster[i]
        if c in (_VS16, "\u20e3") or _MODIFIER.match(c) or "\U000e0020" <= c <= "\U000e007f":
            i += 1
        elif c == _ZWJ and i + 1 < len(cluster) and _PICTO.match(cluster[i + 1]):
            i += 2
        else:
            break
    return i


# --- URLs, as twitter-text v3 finds them ---------------------------------------------------
# A port of twitter-text's extractUrlsWithIndices (twitter/twitter-text, js/src, Apache 2.0):
# regexp/extractUrl.js and the parts it is built from, lib/idna.js, and the TLD lists in
# regexp/validGTLD.js and regexp/validCCTLD.js (the last ones twitter-text published).
_GTLDS = """
삼성 닷컴 닷넷 香格里拉 餐厅 食品 飞利浦 電訊盈科 集团 通販 购物 谷歌 诺基亚 联通 网络
网站 网店 网址 组织机构 移动 珠宝 点看 游戏 淡马锡 机构 書籍 时尚 新闻 政府 政务 招聘
手表 手机 我爱你 慈善 微博 广东 工行 家電 娱乐 天主教 大拿 大众汽车 在线 嘉里大酒店 嘉里
商标 商店 商城 公益 公司 八卦 健康 信息 佛山 企业 中文网 中信 世界 ポイント ファッション
セール ストア コム グーグル クラウド みんな คอม संगठन नेट कॉम همراه موقع موبايلي كوم
كاثوليك عرب شبكة بيتك بازار العليان ارامكو اتصالات ابوظبي קום сайт рус орг онлайн москва
ком католик дети zuerich zone zippo zip zero zara zappos yun youtube you yokohama yoga
yodobashi yandex yamaxun yahoo yachts xyz xxx xperia xin xihuan xfinity xerox xbox wtf
wtc wow world works work woodside wolterskluwer wme winners wine windows win williamhill
wiki wien whoswho weir weibo wedding wed website weber webcam weatherchannel weather
watches watch warman wanggou wang walter walmart wales vuelos voyage voto voting vote
volvo volkswagen vodka vlaanderen vivo viva vistaprint vista vision visa virgin vip vin
villas viking vig video viajes vet versicherung vermögensberatung vermögensberater
verisign ventures vegas vanguard vana vacations ups uol uno university unicom uconnect
ubs ubank tvs tushu tunes tui tube trv trust travelersinsurance travelers travelchannel
travel training trading trade toys toyota town tours total toshiba toray top tools tokyo
today tmall tkmaxx tjx tjmaxx tirol tires tips tiffany tienda tickets tiaa theatre
theater thd teva tennis temasek telefonica telecity tel technology tech team tdk tci
taxi tax tattoo tatar tatamotors target taobao talk taipei tab systems symantec sydney
swiss swiftcover swatch suzuki surgery surf support supply supplies sucks style study
studio stream store storage stockholm stcgroup stc statoil statefarm statebank starhub
star staples stada srt srl spreadbetting spot sport spiegel space soy sony song
solutions solar sohu software softbank social soccer sncf smile smart sling skype sky
skin ski site singles sina silk shriram showtime show shouji shopping shop shoes shiksha
shia shell shaw sharp shangrila sfr sexy sex sew seven ses services sener select seek
security secure seat search scot scor scjohnson science schwarz schule school
scholarships schmidt schaeffler scb sca sbs sbi saxo save sas sarl sapo sap sanofi
sandvikcoromant sandvik samsung samsclub salon sale sakura safety safe saarland ryukyu
rwe run ruhr rugby rsvp room rogers rodeo rocks rocher rmit rip rio ril rightathome
ricoh richardli rich rexroth reviews review restaurant rest republican report repair
rentals rent ren reliance reit reisen reise rehab redumbrella redstone red recipes
realty realtor realestate read raid radio racing qvc quest quebec qpon pwc pub
prudential pru protection property properties promo progressive prof productions prod
pro prime press praxi pramerica post porn politie poker pohl pnc plus plumbing
playstation play place pizza pioneer pink ping pin pid pictures pictet pics piaget
physio photos photography photo phone philips phd pharmacy pfizer pet pccw pay passagens
party parts partners pars paris panerai panasonic pamperedchef page ovh ott otsuka osaka
origins orientexpress organic org orange oracle open ooo onyourside online onl ong one
omega ollo oldnavy olayangroup olayan okinawa office off observer obi nyc ntt nrw nra
nowtv nowruz now norton northwesternmutual nokia nissay nissan ninja nikon nike nico nhk
ngo nfl nexus nextdirect next news newholland new neustar network netflix netbank net
nec nba navy natura nationwide name nagoya nadex nab mutuelle mutual museum mtr mtpc mtn
msd movistar movie mov motorcycles moto moscow mortgage mormon mopar montblanc monster
money monash mom moi moe moda mobily mobile mobi mma mls mlb mitsubishi mit mint mini
mil microsoft miami metlife merckmsd meo menu men memorial meme melbourne meet media med
mckinsey mcdonalds mcd mba mattel maserati marshalls marriott markets marketing market
map mango management man makeup maison maif madrid macys luxury luxe lupin lundbeck ltda
ltd lplfinancial lpl love lotto lotte london lol loft locus locker loans loan llp llc
lixil living live lipsy link linde lincoln limo limited lilly like lighting lifestyle
lifeinsurance life lidl liaison lgbt lexus lego legal lefrak leclerc lease lds lawyer
law latrobe latino lat lasalle lanxess landrover land lancome lancia lancaster lamer
lamborghini ladbrokes lacaixa kyoto kuokgroup kred krd kpn kpmg kosher komatsu koeln
kiwi kitchen kindle kinder kim kia kfh kerryproperties kerrylogistics kerryhotels kddi
kaufen juniper juegos jprs jpmorgan joy jot joburg jobs jnj jmp jll jlc jio jewelry
jetzt jeep jcp jcb java jaguar iwc iveco itv itau istanbul ist ismaili iselect irish
ipiranga investments intuit international intel int insure insurance institute ink ing
info infiniti industries inc immobilien immo imdb imamat ikano iinet ifm ieee icu ice
icbc ibm hyundai hyatt hughes htc hsbc how house hotmail hotels hoteles hot hosting host
hospital horse honeywell honda homesense homes homegoods homedepot holiday holdings
hockey hkt hiv hitachi hisamitsu hiphop hgtv hermes here helsinki help healthcare health
hdfcbank hdfc hbo haus hangout hamburg hair guru guitars guide guge gucci guardian group
grocery gripe green gratis graphics grainger gov got gop google goog goodyear goodhands
goo golf goldpoint gold godaddy gmx gmo gmbh gmail globo global gle glass glade giving
gives gifts gift ggee george genting gent gea gdn gbiz gay garden gap games game gallup
gallo gallery gal fyi futbol furniture fund fun fujixerox fujitsu ftr frontier frontdoor
frogans frl fresenius free fox foundation forum forsale forex ford football foodnetwork
food foo fly flsmidth flowers florist flir flights flickr fitness fit fishing fish
firmdale firestone fire financial finance final film fido fidelity fiat ferrero ferrari
feedback fedex fast fashion farmers farm fans fan family faith fairwinds fail fage
extraspace express exposed expert exchange everbank events eus eurovision etisalat
esurance estate esq erni ericsson equipment epson epost enterprises engineering engineer
energy emerck email education edu edeka eco eat earth dvr dvag durban dupont duns dunlop
duck dubai dtv drive download dot doosan domains doha dog dodge doctor docs dnp diy dish
discover discount directory direct digital diet diamonds dhl dev design desi dentist
dental democrat delta deloitte dell delivery degree deals dealer deal dds dclk day
datsun dating date data dance dad dabur cyou cymru cuisinella csc cruises cruise crs
crown cricket creditunion creditcard credit cpa courses coupons coupon country corsica
coop cool cookingchannel cooking contractors contact consulting construction condos
comsec computer compare company community commbank comcast com cologne college coffee
codes coach clubmed club cloud clothing clinique clinic click cleaning claims cityeats
city citic citi citadel cisco circle cipriani church chrysler chrome christmas chloe
chintai cheap chat chase charity channel chanel cfd cfa cern ceo center ceb cbs cbre cbn
cba catholic catering cat casino cash caseih case casa cartier cars careers career care
cards caravan car capitalone capital capetown canon cancerresearch camp camera cam
calvinklein call cal cafe cab bzh buzz buy business builders build bugatti budapest
brussels brother broker broadway bridgestone bradesco box boutique bot boston bostik
bosch boots booking book boo bond bom bofa boehringer boats bnpparibas bnl bmw bms blue
bloomberg blog blockbuster blanco blackfriday black biz bio bingo bing bike bid bible
bharti bet bestbuy best berlin bentley beer beauty beats bcn bcg bbva bbt bbc bayern
bauhaus basketball baseball bargains barefoot barclays barclaycard barcelona bar bank
band bananarepublic banamex baidu baby azure axa aws avianca autos auto author auspost
audio audible audi auction attorney athleta associates asia asda arte art arpa army
archi aramco arab aquarelle apple app apartments aol anz anquan android analytics
amsterdam amica amfam amex americanfamily americanexpress alstom alsace ally allstate
allfinanz alipay alibaba alfaromeo akdn airtel airforce airbus aigo aig agency agakhan
africa afl afamilycompany aetna aero aeg adult ads adac actor active aco accountants
accountant accenture academy abudhabi abogado able abc abbvie abbott abb abarth aarp aaa
onion
"""

_CCTLDS = """
한국 香港 澳門 新加坡 台灣 台湾 中國 中国 გე ລາວ ไทย ලංකා ഭാരതം ಭಾರತ భారత్ சிங்கப்பூர்
இலங்கை இந்தியா ଭାରତ ભારત ਭਾਰਤ ভাৰত ভারত বাংলা भारोत भारतम् भारत ڀارت پاکستان موريتانيا
مليسيا مصر قطر فلسطين عمان عراق سورية سودان تونس بھارت بارت ایران امارات المغرب السعودية
الجزائر البحرين الاردن հայ қаз укр срб рф мон мкд ею бел бг ευ ελ zw zm za yt ye ws wf
vu vn vi vg ve vc va uz uy us um uk ug ua tz tw tv tt tr tp to tn tm tl tk tj th tg tf
td tc sz sy sx sv su st ss sr so sn sm sl sk sj si sh sg se sd sc sb sa rw ru rs ro re
qa py pw pt ps pr pn pm pl pk ph pg pf pe pa om nz nu nr np no nl ni ng nf ne nc na mz
my mx mw mv mu mt ms mr mq mp mo mn mm ml mk mh mg mf me md mc ma ly lv lu lt ls lr lk
li lc lb la kz ky kw kr kp kn km ki kh kg ke jp jo jm je it is ir iq io in im il ie id
hu ht hr hn hm hk gy gw gu gt gs gr gq gp gn gm gl gi gh gg gf ge gd gb ga fr fo fm fk
fj fi eu et es er eh eg ee ec dz do dm dk dj de cz cy cx cw cv cu cr co cn cm cl ck ci
ch cg cf cd cc ca bz by bw bv bt bs br bq bo bn bm bl bj bi bh bg bf be bd bb ba az ax
aw au at as ar aq ao an am al ai ag af ae ad ac
"""


def is_emoji(cluster: str) -> bool:
    """Whether a grapheme cluster is (starts with) an emoji, by twemoji-parser's rule: 🐶, ☺️,
    1️⃣, 🇺🇦 are; ☺ and # without U+FE0F are not."""
    return _emoji_length(cluster) > 0


def ends_with_emoji(text: str) -> bool:
    """Whether *text*'s last grapheme (after spaces) is an emoji: 'Home at last 🏡'."""
    clusters = graphemes(text.rstrip())
    return bool(clusters) and is_emoji(clusters[-1])


def _tld_alternatives(words: str) -> str:
    return "|".join(re.escape(w) for w in words.split())


_PUNCT = r"\!'#%&'\(\)*\+,\\\-\.\/:;<=>\?@\[\]\^_{|}~\$"
_SPACES = r"\x09-\x0D\x20\x85\xA0\u1680\u180E\u2000-\u200A\u2028\u2029\u202F\u205F\u3000"
_INVALID = r"\uFFFE\uFEFF\uFFFF"
_DIRECTIONAL = r"\u202A-\u202E\u061C\u200E\u200F\u2066\u2067\u2068\u2069"
_LATIN_ACCENTS = (
    r"\xC0-\xD6\xD8-\xF6\xF8-\xFF\u0100-\u024F\u0253\u0254\u0256\u0257\u0259\u025B\u0263"
    r"\u0268\u026F\u0272\u0289\u028B\u02BB\u0300-\u036F\u1E00-\u1EFF"
)
_CYRILLIC = r"\u0400-\u04FF"
_DOMAIN_CHAR = f"[^{_PUNCT}{_SPACES}{_INVALID}{_DIRECTIONAL}]"
_TLD_END = r"(?=[^0-9a-zA-Z@+\-]|\Z)"


class _Lazy:
    """A pattern compiled on first use: the URL patterns, with every top-level domain, take
    milliseconds to compile, which a build need not spend before its first caption (and
    _ASCII_DOMAIN, for xn-- domains only, is seldom used at all). They are the standard
    library's re, which compiles them in a third of regex's time and passes the same
    twitter-text conformance cases (tests/test_counting.py)."""

    def __init__(self, pattern: str, flags: int = 0):
        self.pattern, self.flags = pattern, flags

    @functools.cached_property
    def compiled(self) -> re.Pattern[str]:
        return re.compile(self.pattern, self.flags)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.compiled, name)


_TLD = (
    f"(?:(?:{_tld_alternatives(_GTLDS)}){_TLD_END}"
    f"|(?:{_tld_alternatives(_CCTLDS)}){_TLD_END}"
    r"|(?:xn--[\-0-9a-z]+))"
)
_DOMAIN = (
    f"(?:(?:(?:{_DOMAIN_CHAR}(?:[_-]|{_DOMAIN_CHAR})*)?{_DOMAIN_CHAR}\\.)*"
    f"(?:(?:{_DOMAIN_CHAR}(?:-|{_DOMAIN_CHAR})*)?{_DOMAIN_CHAR}\\.){_TLD})"
)
_PATH_CHAR = f"[a-z{_CYRILLIC}0-9!\\*';:=\\+,\\.\\$\\/%#\\[\\]\\-\\u2013_~@\\|&{_LATIN_ACCENTS}]"
_PARENS = f"\\((?:{_PATH_CHAR}+|(?:{_PATH_CHAR}*\\({_PATH_CHAR}+\\){_PATH_CHAR}*))\\)"
_PATH_END = f"(?:[\\+\\-a-z{_CYRILLIC}0-9=_#\\/{_LATIN_ACCENTS}]|(?:{_PARENS}))"
_PATH = f"(?:(?:{_PATH_CHAR}*(?:{_PARENS}{_PATH_CHAR}*)*{_PATH_END})|(?:@{_PATH_CHAR}+\\/))"
_QUERY_CHAR = r"[a-z0-9!?\*'@\(\);:&=\+\$\/%#\[\]\-_\.,~|]"
_QUERY_END = r"[a-z0-9\-_&=#\/]"
_EXTRACT_URL = _Lazy(
    f"((?:[^A-Za-z0-9@＠$#＃{_INVALID}]|[{_DIRECTIONAL}]|^))"  # 1: preceding character
    f"((https?:\\/\\/)?"  # 2: URL, 3: protocol
    f"({_DOMAIN})"  # 4: domain
    r"(?::([0-9]+))?"  # 5: port
    f"(\\/{_PATH}*)?"  # 6: path
    f"(\\?{_QUERY_CHAR}*{_QUERY_END})?)",  # 7: query
    re.IGNORECASE,
)
_ASCII_DOMAIN = _Lazy(f"(?:(?:[\\-a-z0-9{_LATIN_ACCENTS}]+)\\.)+{_TLD}", re.IGNORECASE)
_TCO_URL = _Lazy(
    f"https?:\\/\\/t\\.co\\/([a-z0-9]+)(?:\\?{_QUERY_CHAR}*{_QUERY_END})?", re.IGNORECASE
)
_MAX_URL_LENGTH = 4096
_MAX_TCO_SLUG_LENGTH = 40
_MAX_LABEL_LENGTH = 63


def _labels_ok(domain: str) -> bool:
    """twitter-text's idna.toAscii check: every label punycode-encodes to 1..63 characters."""
    if domain[:4].lower() == "xn--" and not _ASCII_DOMAIN.search(domain):
        return False
    for label in domain.split("."):
        try:
            encoded = label if label.isascii() else "xn--" + label.encode("punycode").decode()
        except UnicodeError:
            return False
        if not 1 <= len(encoded) <= _MAX_LABEL_LENGTH:
            return False
    return True


def find_urls(text: str, *, require_protocol: bool = False) -> list[tuple[int, int]]:
    """Spans (start, end) of the URLs twitter-text v3 finds in text, in code points.

    With require_protocol, only URLs that start with http:// or https:// (Mastodon's rule).
    """
    return list(_find_urls(text, require_protocol))


@functools.lru_cache(maxsize=512)
def _find_urls(text: str, require_protocol: bool) -> tuple[tuple[int, int], ...]:
    """find_urls, remembered: a build measures each caption more than once (fitting it,
    finding its hashtags, showing its count on the page), and the scan is the slow part."""
    return tuple(_scan_urls(text, require_protocol=require_protocol))


def _scan_urls(text: str, *, require_protocol: bool = False) -> list[tuple[int, int]]:
    if "." not in text:
        return []
    spans: list[tuple[int, int]] = []
    for m in _EXTRACT_URL.finditer(text):
        before, url, protocol, domain, path = m.group(1, 2, 3, 4, 6)
        start, end = m.start(2), m.end(2)
        if not _labels_ok(domain) or len(protocol or "https://") + len(url) > _MAX_URL_LENGTH:
            continue
        if protocol:
            tco = _TCO_URL.match(url)
            if tco:
                if len(tco.group(1)) > _MAX_TCO_SLUG_LENGTH:
                    continue
                end = start + tco.end()
            spans.append((start, end))
            continue
        if require_protocol or (before and before[-1] in "-_./"):
            continue
        found = [(start + a.start(), start + a.end()) for a in _ASCII_DOMAIN.finditer(domain)]
        if found and path:
            found[-1] = (found[-1][0], end)
        spans.extend(found)
    return spans


# --- X (twitter-text v3) -------------------------------------------------------------------
# config/v3.json: scale 100, defaultWeight 200, and these ranges weigh 100.
_TWITTER_SCALE = 100
_TWITTER_DEFAULT_WEIGHT = 200
_TWITTER_RANGES = ((0, 4351), (8192, 8205), (8208, 8223), (8242, 8247))
_TWITTER_URL_LENGTH = 23
_TWITTER_INVALID = frozenset("\ufffe\ufeff\uffff")


def _twitter_char_weight(char: str) -> int:
    cp = ord(char)
    for low, high in _TWITTER_RANGES:
        if low <= cp <= high:
            return _TWITTER_SCALE
    return _TWITTER_DEFAULT_WEIGHT


def _segments(text: str, url_spans: list[tuple[int, int]]) -> list[tuple[bool, str]]:
    """text cut into (is_url, piece) in order."""
    pieces: list[tuple[bool, str]] = []
    last = 0
    for start, end in url_spans:
        if start > last:
            pieces.append((False, text[last:start]))
        pieces.append((True, text[start:end]))
        last = end
    if last < len(text):
        pieces.append((False, text[last:]))
    return pieces


def _twitter_length(text: str, url_length: int) -> int:
    text = unicodedata.normalize("NFC", text)
    weight = 0
    for is_url, piece in _segments(text, find_urls(text)):
        if is_url:
            weight += url_length * _TWITTER_SCALE
            continue
        for cluster in graphemes(piece):
            emoji = _emoji_length(cluster)
            if emoji:
                weight += _TWITTER_DEFAULT_WEIGHT
            weight += sum(_twitter_char_weight(c) for c in cluster[emoji:])
    return weight // _TWITTER_SCALE


def twitter_weighted_length(text: str) -> int:
    """X's length of text in characters, as twitter-text v3's parseTweet weightedLength."""
    return _twitter_length(text, _TWITTER_URL_LENGTH)


# --- Threads -------------------------------------------------------------------------------
def _threads_length(text: str) -> int:
    """Characters (code points), except that an emoji counts as its UTF-8 byte length."""
    total = 0
    for cluster in graphemes(text):
        emoji = _emoji_length(cluster)
        total += len(cluster[:emoji].encode("utf-8")) + len(cluster) - emoji
    return total


# --- Mastodon ------------------------------------------------------------------------------
# Account::MENTION_RE (mastodon/mastodon app/models/account.rb): @user or @user@domain; the
# status length validator counts it as "@user".
_MASTODON_MENTION = regex.compile(
    r"(?<![=\/\w])@(([a-z0-9_]+(?:[.-]+[a-z0-9_]+)*)(?:@\w+(?:[.-]+\w+)*)?)", regex.IGNORECASE
)


def _mastodon_length(text: str, url_length: int) -> int:
    """Grapheme clusters once URLs become url_length characters and mentions lose @domain."""
    entities = [(s, e, "x" * url_length) for s, e in find_urls(text, require_protocol=True)]
    entities += [(m.start(), m.end(), "@" + m.group(2)) for m in _MASTODON_MENTION.finditer(text)]
    entities.sort(key=lambda entity: entity[0])
    pieces: list[str] = []
    last = 0
    for start, end, replacement in entities:
        if start < last:  # overlaps the previous entity: twitter-text drops it
            continue
        pieces += [text[last:start], replacement]
        last = end
    pieces.append(text[last:])
    return len(graphemes("".join(pieces)))


# --- Any platform --------------------------------------------------------------------------
def count(text: str, platform: Platform) -> int:
    """The length of text in platform's units (see Platform.counting)."""
    rule = platform.counting
    if rule == "twitter":
        return _twitter_length(text, platform.url_length or _TWITTER_URL_LENGTH)
    if rule == "graphemes":
        return len(graphemes(text))
    if rule == "threads":
        return _threads_length(text)
    if rule == "mastodon":
        return _mastodon_length(text, platform.url_length or _TWITTER_URL_LENGTH)
    if rule == "utf16":
        return len(text.encode("utf-16-le")) // 2
    raise ValueError(f"platform {platform.name!r}: unknown counting rule {rule!r}")


@dataclass(frozen=True)
class Measure:
    """How long a text is for one platform, and whether it fits."""

    platform: str
    length: int
    limit: int
    bytes: int | None
    max_bytes: int | None
    ok: bool


def measure(text: str, platform: Platform) -> Measure:
    """text measured against platform's limits (length, UTF-8 bytes, X's invalid characters)."""
    length = count(text, platform)
    size = len(text.encode("utf-8")) if platform.max_bytes is not None else None
    ok = length <= platform.limit
    if size is not None and platform.max_bytes is not None:
        ok = ok and size <= platform.max_bytes
    if platform.counting == "twitter":
        ok = ok and not _TWITTER_INVALID.intersection(text)
    return Measure(platform.name, length, platform.limit, size, platform.max_bytes, ok)
