"""A cover letter as a Word document (.docx), Korean text intact.

Word picks a font per script: without an East Asian font named in each run, Hangul may fall
back to a font without Korean glyphs on some machines. Every run names Malgun Gothic for East
Asian text (Word's default Korean font), with Apple SD Gothic Neo installed on Macs picking it
up by substitution.

Every piece of stored text passes through core.text.xml_safe on its way in: XML 1.0 cannot
hold most control characters, and a letter saved before input was normalised (or typed into
the admin) may still contain one; python-docx would refuse the whole document.
"""

import io
from urllib.parse import quote

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from core.text import xml_safe
from coverletters.counting import count
from coverletters.models import CoverLetter, LimitUnit

KOREAN_FONT = "Malgun Gothic"


def _add_run(paragraph, text: str | None, size: float | None = None, bold: bool = False):
    run = paragraph.add_run(xml_safe(text))
    _korean(run, size=size, bold=bold)
    return run


def _korean(run, size: float | None = None, bold: bool = False) -> None:
    run.font.name = KOREAN_FONT
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), KOREAN_FONT)
    if size:
        run.font.size = Pt(size)
    run.bold = bold


def render(letter: CoverLetter) -> bytes:
    document = Document()
    style = document.styles["Normal"]
    style.font.name = KOREAN_FONT
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), KOREAN_FONT)
    style.font.size = Pt(10.5)

    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _add_run(title, letter.title, size=16, bold=True)

    facts = [("지원 직무", letter.job_title), ("회사명", letter.company)]
    if letter.deadline:
        facts.append(("마감일", letter.deadline.strftime("%Y.%m.%d")))
    for label, value in facts:
        if value:
            line = document.add_paragraph()
            _add_run(line, f"{label}: ", bold=True)
            _add_run(line, value)

    for number, question in enumerate(letter.questions.all(), start=1):
        heading = document.add_paragraph()
        heading.paragraph_format.space_before = Pt(14)
        _add_run(heading, f"{number}. {question.prompt}", size=11.5, bold=True)
        if question.limit:
            counts = count(question.answer)
            unit = LimitUnit(question.limit_unit)
            meta = document.add_paragraph()
            _add_run(
                meta,
                f"({counts.of(question.limit_unit):,} / {question.limit:,}{unit.label})",
                size=9,
            )
        for line in xml_safe(question.answer).split("\n"):
            _add_run(document.add_paragraph(), line)

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def content_disposition(letter: CoverLetter) -> str:
    # RFC 6266/5987: an ASCII fallback plus the Korean name for browsers that read filename*.
    name = f"{xml_safe(letter.title)}.docx"
    return f"attachment; filename=\"cover-letter-{letter.pk}.docx\"; filename*=UTF-8''{quote(name)}"
