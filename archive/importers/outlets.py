"""Readable names for the outlet ids that news dumps use (SaudiNewsNet, FA-KES, Reuters).

Names already used by the text parser (archive.text.sources) are reused so an outlet
gets one Source whichever importer met it first.
"""

from __future__ import annotations

from archive.text.sources import SANA, Source

_OUTLETS: dict[str, Source] = {
    # SaudiNewsNet
    "3alyoum": Source("Ain Alyoum", "عين اليوم", "ar"),
    "aawsat": Source("Asharq Al-Awsat", "الشرق الأوسط", "ar"),
    "aleqtisadiya": Source("Al-Eqtisadiah", "الاقتصادية", "ar"),
    "aljazirah": Source("Al-Jazirah", "الجزيرة", "ar"),
    "almadina": Source("Al-Madina", "المدينة", "ar"),
    "alriyadh": Source("Al-Riyadh", "الرياض", "ar"),
    # Not the Syrian Al-Watan of archive.text.sources: a Saudi daily of the same name.
    "alwatan": Source("Al-Watan (Saudi Arabia)", "الوطن السعودية", "ar"),
    "alweeam": Source("Al-Weeam", "الوئام", "ar"),
    "alyaum": Source("Al-Yaum", "اليوم", "ar"),
    "arreyadi": Source("Arreyadi", "الرياضي", "ar"),
    "arriyadiyah": Source("Arriyadiyah", "الرياضية", "ar"),
    "okaz": Source("Okaz", "عكاظ", "ar"),
    "sabq": Source("Sabq", "سبق", "ar"),
    "was": Source("Saudi Press Agency", "واس", "ar"),
    # FA-KES
    "ahram": Source("Al-Ahram", "الأهرام", "en"),
    "alalam": Source("Al-Alam", "العالم", "en"),
    "alaraby": Source("Al-Araby Al-Jadeed", "العربي الجديد", "en"),
    "arabiya": Source("Al Arabiya", "العربية", "en"),
    "asharqalawsat": Source("Asharq Al-Awsat", "الشرق الأوسط", "ar"),
    "dailysabah": Source("Daily Sabah", "ديلي صباح", "en"),
    "etilaf": Source("Syrian National Coalition", "الائتلاف الوطني السوري", "en"),
    "jordantimes": Source("The Jordan Times", "جوردان تايمز", "en"),
    "manar": Source("Al-Manar", "المنار", "en"),
    "nna": Source("National News Agency (Lebanon)", "الوكالة الوطنية للإعلام", "en"),
    "sana": SANA,
    "sputnik": Source("Sputnik", "سبوتنيك", "en"),
    "tass": Source("TASS", "تاس", "en"),
    "trt": Source("TRT World", "تي آر تي", "en"),
    # Reuters-21578 and FA-KES
    "reuters": Source("Reuters", "رويترز", "en"),
}


def outlet_source(value: str) -> Source | None:
    """The Source for an outlet id or name; an unknown one keeps its own spelling."""
    name = " ".join(value.split())
    if not name:
        return None
    known = _OUTLETS.get(name.casefold())
    if known is not None:
        return known
    for source in _OUTLETS.values():
        if name.casefold() in (source.name.casefold(), source.native_name):
            return source
    return Source(name=name, native_name="", language="")
