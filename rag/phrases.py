"""Every word the app shows around the evidence, in English, Arabic and Persian: one table.

``say(key, language, **values)`` picks the language (English when unknown) and fills ``{}`` fields.
Answer sentences composed by ``rag.answer`` (``answer_*``, ``qualifier_*``) are here too.
"""

from __future__ import annotations

UI_LANGUAGES = ("en", "ar", "fa")
RTL = frozenset({"ar", "fa"})

_TABLE: dict[str, tuple[str, str, str]] = {  # key: (en, ar, fa)
    # answers composed by rag.answer (the CLI and the API's 'answer' field)
    'answer_not_found': ('Not found in the articles.',
                   'لم يُعثر على إجابة في المقالات.',
                   'پاسخی در مقاله\u200cها یافت نشد.'),
    'answer_answered': ('According to the articles: {items}.',
                   'وفقًا للمقالات: {items}.',
                   'بر اساس مقاله\u200cها: {items}.'),
    'answer_conflict': ('The sources disagree: {items}.',
                   'المصادر مختلفة: {items}.',
                   'منابع با هم اختلاف دارند: {items}.'),
    # 'Which came first: A or B?' (rag.compare): each side with its date and citations
    'answer_compare_first': ('First: {first}; then {other}.',
                   'أولًا: {first}؛ ثم {other}.',
                   'اول: {first}؛ سپس {other}.'),
    'answer_compare_last': ('Later: {first}; before it, {other}.',
                   'لاحقًا: {first}؛ وقبله {other}.',
                   'بعدتر: {first}؛ پیش از آن {other}.'),
    'answer_compare_overlap': ("The articles' dates do not tell which came first: {a}; {b}.",
                   'لا تبيّن تواريخ المقالات أيهما كان أولًا: {a}؛ {b}.',
                   'تاریخ\u200cهای مقاله\u200cها نشان نمی\u200cدهد کدام زودتر بود: {a}؛ {b}.'),
    'answer_quote': ('The articles say: {items}',
                   'تقول المقالات: {items}',
                   'مقاله\u200cها می\u200cگویند: {items}'),
    'answer_overview': ('The articles ({n}): {items}',
                   'المقالات ({n}): {items}',
                   'مقاله\u200cها ({n}): {items}'),
    'answer_overview_some': ('The articles ({n} of {total} shown): {items}',  # rag.overview.OVERVIEW_MAX
                   'المقالات (تُعرض {n} من {total}): {items}',
                   'مقاله\u200cها ({n} از {total} نشان داده شده): {items}'),
    'money_usd': ('${n}', '{n} دولار', '{n} دلار'),
    'money_eur': ('€{n}', '{n} يورو', '{n} یورو'),
    'unit_year': ('{n} years', '{n} عامًا', '{n} سال'),  # Arabic: 11 and more take the singular
    'unit_month': ('{n} months', '{n} شهرًا', '{n} ماه'),
    'unit_day': ('{n} days', '{n} يومًا', '{n} روز'),
    'unit_year_few': ('{n} years', '{n} أعوام', '{n} سال'),  # Arabic: 3 to 10 take the plural
    'unit_month_few': ('{n} months', '{n} أشهر', '{n} ماه'),
    'unit_day_few': ('{n} days', '{n} أيام', '{n} روز'),
    'unit_year_two': ('{n} years', 'عامان ({n})', '{n} سال'),  # Arabic: two is the dual, not a count
    'unit_month_two': ('{n} months', 'شهران ({n})', '{n} ماه'),
    'unit_day_two': ('{n} days', 'يومان ({n})', '{n} روز'),
    'unit_km': ('{n} km', '{n} كم', '{n} کیلومتر'),
    'unit_year_hundred': ('{n} years', '{n} عام', '{n} سال'),  # Arabic: a round hundred takes the genitive
    'unit_month_hundred': ('{n} months', '{n} شهر', '{n} ماه'),
    'unit_day_hundred': ('{n} days', '{n} يوم', '{n} روز'),
    'answer_or': (' vs ',
                   ' مقابل ',
                   ' در برابر '),
    'answer_and': (', ', '، ', '، '),  # names listed ('Which presidents…?'), or values that agree
    "answer_greeting": ("Hello! Ask me about the articles, in English, Arabic or Persian — for example \"When did "
                        "Azerbaijan open its embassy in Israel?\" Every answer quotes its sources.",
                        "مرحبًا! اسألني عن المقالات بالعربية أو الفارسية أو الإنجليزية، مثلًا: «متى افتتحت أذربيجان "
                        "سفارتها في إسرائيل؟» كل إجابة تقتبس مصادرها.",
                        "سلام! دربارهٔ مقاله‌ها به فارسی، عربی یا انگلیسی بپرسید، مثلاً: «آذربایجان کی سفارت خود را در "
                        "اسرائیل افتتاح کرد؟» هر پاسخ منابعش را نقل می‌کند."),
    "answer_unsupported": ("Sorry, I can only answer questions in English, Arabic (العربية) or Persian (فارسی). "
                           "Please ask again in one of these languages.",) * 3,
    'qualifier_more than': ('more than', 'أكثر من', 'بیش از'),
    'qualifier_about': ('about', 'حوالي', 'حدود'),
    'qualifier_at least': ('at least', 'ما لا يقل عن', 'دست\u200cکم'),
    'qualifier_less than': ('less than', 'أقل من', 'کمتر از'),
    'qualifier_up to': ('up to', 'ما يصل إلى', 'حداکثر'),
    # page chrome
    "title": ("Azerbaijan–Israel relations: answers with evidence",
              "العلاقات الأذربيجانية الإسرائيلية: إجابات مع الأدلة",
              "روابط آذربایجان و اسرائیل: پاسخ‌ها همراه با شواهد"),
    "intro": ("Answers come only from {n} articles. Ask in English, العربية or فارسی. Every claim is cited: "
              "click a number to read the sentence in its article. When the articles disagree, both sides are shown.",
              "تأتي الإجابات من {n} مقالات فقط. اسأل بالإنجليزية أو العربية أو الفارسية. لكل معلومة مصدر: "
              "انقر على الرقم لقراءة الجملة في مقالتها. وعندما تختلف المقالات تُعرض الآراء كلها.",
              "پاسخ‌ها فقط از {n} مقاله می‌آیند. به انگلیسی، عربی یا فارسی بپرسید. هر ادعا منبع دارد: "
              "روی شماره کلیک کنید تا جمله را در مقاله بخوانید. اگر مقاله‌ها اختلاف داشته باشند، همه دیدگاه‌ها نشان داده می‌شوند."),
    "placeholder": ("Ask a question…", "اكتب سؤالك…", "پرسش خود را بنویسید…"),
    "question_label": ("Your question", "سؤالك", "پرسش شما"),
    "ask": ("Ask", "اسأل", "بپرس"),
    "try": ("Try:", "جرّب:", "امتحان کنید:"),
    "counter": ("{n} / {limit} characters", "{n} / {limit} حرفًا", "{n} / {limit} نویسه"),
    "empty_chat": ("Ask a question in the box below, or pick one of the examples under it.",
                   "اكتب سؤالك في المربع أدناه، أو اختر أحد الأمثلة تحته.",
                   "پرسش خود را در کادر زیر بنویسید یا یکی از نمونه‌های زیر آن را انتخاب کنید."),
    "settings": ("Search only some articles", "البحث في بعض المقالات فقط", "جست‌وجو فقط در برخی مقاله‌ها"),
    "only_articles": ("Only these articles (empty = all)", "هذه المقالات فقط (فارغ = الكل)",
                      "فقط این مقاله‌ها (خالی = همه)"),
    "only_languages": ("Only articles in these languages (none = all)", "المقالات بهذه اللغات فقط (لا شيء = الكل)",
                       "فقط مقاله‌های این زبان‌ها (هیچ = همه)"),
    "ui_language": ("Interface language", "لغة الواجهة", "زبان رابط"),
    "auto": ("Follow my question", "حسب لغة سؤالي", "مطابق زبان پرسش"),
    "export": ("Export conversation (Markdown)", "تصدير المحادثة (Markdown)", "خروجی گفت‌وگو (Markdown)"),
    "copy": ("Copy answer", "نسخ الإجابة", "کپی پاسخ"),
    "copied": ("Copied", "تم النسخ", "کپی شد"),
    "thinking": ("Reading the articles…", "جارٍ قراءة المقالات…", "در حال خواندن مقاله‌ها…"),
    "status_line": ("{docs} articles, {chunks} passages, {sentences} sentences indexed",
                    "{docs} مقالات، {chunks} مقطعًا، {sentences} جملة مفهرسة",
                    "{docs} مقاله، {chunks} بخش، {sentences} جمله نمایه شده"),
    # answer card
    "conflict": ("Sources disagree", "المصادر مختلفة", "منابع با هم اختلاف دارند"),
    "answered": ("Answer", "الإجابة", "پاسخ"),
    "not_found": ("Not found", "لا توجد إجابة", "پاسخی یافت نشد"),
    "error": ("Could not answer", "تعذّرت الإجابة", "پاسخ داده نشد"),
    "versus": ("vs", "مقابل", "در برابر"),
    "sources_n": ("{n} sources", "{n} مصادر", "{n} منبع"),
    "source_1": ("1 source", "مصدر واحد", "۱ منبع"),
    "hint_cite": ("Click a number to read the sentence in its article.", "انقر على رقم لقراءة الجملة في مقالتها.",
                  "برای خواندن جمله در مقاله، روی شماره کلیک کنید."),
    "hint_nf": ("No article states this. Try rephrasing, or widen the article/language filters.",
                "لا تذكر أيّ مقالة ذلك. جرّب صياغة أخرى أو وسّع عوامل التصفية.",
                "هیچ مقاله‌ای این را بیان نمی‌کند. پرسش را بازنویسی کنید یا فیلترها را گسترده‌تر کنید."),
    "related": ("Closest passages (they do not answer the question):", "أقرب المقاطع (لا تجيب عن السؤال):",
                "نزدیک‌ترین بخش‌ها (به پرسش پاسخ نمی‌دهند):"),
    "understood_as": ("Understood as: {q}", "فُهم السؤال على أنه: {q}", "برداشت از پرسش: {q}"),
    "searched_only": ("Searched only {scope}.", "تم البحث في {scope} فقط.", "جست‌وجو فقط در {scope}."),
    "chosen_articles": ("{n} chosen articles", "{n} مقالات مختارة", "{n} مقالهٔ انتخاب‌شده"),
    "lang_articles": ("the {langs} articles", "المقالات {langs}", "مقاله‌های {langs}"),
    "among": (" among ", " ضمن ", " در میان "),
    "english_line": ("In English", "بالإنجليزية", "به انگلیسی"),
    "machine_translation": ("Machine translation", "ترجمة آلية", "ترجمه ماشینی"),
    "seconds": ("{s} s", "{s} ث", "{s} ث"),
    "timeline": ("Which source claims which date", "أي مصدر يذكر أي تاريخ", "کدام منبع چه تاریخی را می‌گوید"),
    "timeline_note": ("Each bar covers the month, year or range a source states.",
                      "يغطي كل شريط الشهر أو السنة أو المدة التي يذكرها المصدر.",
                      "هر نوار ماه، سال یا بازه‌ای را که منبع می‌گوید نشان می‌دهد."),
    "apology": ("Sorry, something went wrong while answering. Please try again, or rephrase the question.",
                "عذرًا، حدث خطأ أثناء الإجابة. حاول مرة أخرى أو أعد صياغة السؤال.",
                "متأسفیم، هنگام پاسخ‌دادن خطایی رخ داد. دوباره تلاش کنید یا پرسش را بازنویسی کنید."),
    "sorry": ("Sorry — {msg}.", "عذرًا — {msg}.", "متأسفیم — {msg}."),
    # side panel
    "reader": ("Article reader", "قارئ المقالات", "مقاله‌خوان"),
    "library_hint": ("Click a citation number such as [1] in an answer to open the quoted sentence, highlighted, "
                     "in its full article. Or open an article:",
                     "انقر على رقم مصدر مثل [1] في الإجابة لفتح الجملة المقتبسة مظللة في مقالتها الكاملة. أو افتح مقالة:",
                     "روی شمارهٔ منبعی مانند [1] در پاسخ کلیک کنید تا جملهٔ نقل‌شده، برجسته، در مقالهٔ کامل باز شود. "
                     "یا مقاله‌ای را باز کنید:"),
    "cited_kicker": ("Source [{n}] — the quoted sentence is highlighted", "المصدر [{n}] — الجملة المقتبسة مظللة",
                     "منبع [{n}] — جملهٔ نقل‌شده برجسته است"),
    "full_article": ("Full article", "المقالة كاملة", "مقالهٔ کامل"),
    "all_articles": ("all articles", "كل المقالات", "همهٔ مقاله‌ها"),
    "close": ("Close", "إغلاق", "بستن"),
    "publisher": ("Publisher", "الناشر", "ناشر"),
    "author": ("Author", "الكاتب", "نویسنده"),
    "date": ("Date", "التاريخ", "تاریخ"),
    "date_missing": ("date not stated", "التاريخ غير مذكور", "تاریخ ذکر نشده"),
    "publisher_missing": ("publisher not stated", "الناشر غير مذكور", "ناشر ذکر نشده"),
    "summary": ("In English", "ملخص بالإنجليزية", "خلاصه به انگلیسی"),
    "no_summary": ("no English summary", "لا يوجد ملخص بالإنجليزية", "خلاصهٔ انگلیسی ندارد"),
    "original_link": ("original", "الأصل", "اصل"),
    "sources_head": ("{n} articles used for this answer", "{n} مقالات استُخدمت في هذه الإجابة",
                     "{n} مقاله در این پاسخ به کار رفت"),
    "sources_head_1": ("1 article used for this answer", "مقالة واحدة استُخدمت في هذه الإجابة",
                       "۱ مقاله در این پاسخ به کار رفت"),
    "sources_empty": ("The articles cited by an answer appear here, with publisher, date and language.",
                      "تظهر هنا المقالات التي تستشهد بها الإجابة، مع الناشر والتاريخ واللغة.",
                      "مقاله‌هایی که پاسخ به آن‌ها استناد می‌کند، با ناشر، تاریخ و زبان، اینجا می‌آیند."),
    "sources_none": ("No article was cited for this answer.", "لم يُستشهد بأي مقالة في هذه الإجابة.",
                     "در این پاسخ به هیچ مقاله‌ای استناد نشد."),
    "cited_as": ("Cited as", "ورد بالأرقام", "با شماره‌های"),
    # your documents
    "yours": ("Added by you", "أضفتها أنت", "افزودهٔ شما"),
    "upload": ("Add a document (.md, .txt, .html, .pdf; up to {mb} MB)",
               "أضف مستندًا (‎.md ‎.txt ‎.html ‎.pdf؛ حتى {mb} ميغابايت)",
               "افزودن سند (‎.md ‎.txt ‎.html ‎.pdf؛ تا {mb} مگابایت)"),
    "added": ("Added «{title}»: you can ask about it now.", "أُضيفت «{title}»: يمكنك السؤال عنها الآن.",
              "«{title}» افزوده شد: اکنون می‌توانید درباره‌اش بپرسید."),
    "removed": ("Removed «{title}».", "حُذفت «{title}».", "«{title}» حذف شد."),
    "remove": ("Remove", "حذف", "حذف"),
    "refused": ("Not added: {msg}", "لم تُضف: {msg}", "افزوده نشد: {msg}"),
    # the markdown form (copy, export, screen readers)
    "md_question": ("Question", "السؤال", "پرسش"),
    "md_sources": ("Sources", "المصادر", "منابع"),
    "md_title": ("Conversation", "المحادثة", "گفت‌وگو"),
}
LANGUAGE_NAMES: dict[str, tuple[str, str, str]] = {
    "ar": ("Arabic", "العربية", "عربی"), "fa": ("Persian", "الفارسية", "فارسی"),
    "en": ("English", "الإنجليزية", "انگلیسی"), "other": ("other", "أخرى", "دیگر"),
}


def ui_language(language: str | None) -> str:
    """Example: 'fa' -> 'fa'; 'other' -> 'en'; None -> 'en'."""
    return language if language in UI_LANGUAGES else "en"


def say(key: str, language: str | None, **values) -> str:
    """Example: say('sources_n', 'ar', n=3) -> '3 مصادر'."""
    text = _TABLE[key][UI_LANGUAGES.index(ui_language(language))]
    return text.format(**values) if values else text


def language_name(code: str, language: str | None) -> str:
    """Example: language_name('fa', 'en') -> 'Persian'; language_name('fa', 'fa') -> 'فارسی'."""
    names = LANGUAGE_NAMES.get(code)
    return names[UI_LANGUAGES.index(ui_language(language))] if names else code


def direction(language: str | None) -> str:
    return "rtl" if language in RTL else "ltr"
