"""A cover letter as a Word document (.docx), Korean text intact.

Word picks a font per script: without an East Asian font named in each run, Hangul may fall
back to a font without Korean glyphs on some machines. Every run names Malgun Gothic for East
Asian text (Word's default Korean font), with Apple SD Gothic Neo installed on Macs picking it
up by substitution.
"""

import io
from urllib.parse import quote

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from coverletters.counting import count
from coverletters.models import CoverLetter, LimitUnit

KOREAN_FONT = "Malgun Gothic"


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
    _korean(title.add_run(letter.title), size=16, bold=True)

    facts = [("지원 직무", letter.job_title), ("회사명", letter.company)]
    if letter.deadline:
        facts.append(("마감일", letter.deadline.strftime("%Y.%m.%d")))
    for label, value in facts:
        if value:
            line = document.add_paragraph()
            _korean(line.add_run(f"{label}: "), bold=True)
            _korean(line.add_run(value))

    for number, question in enumerate(letter.questions.all(), start=1):
        heading = document.add_paragraph()
        heading.paragraph_format.space_before = Pt(14)
        _korean(heading.add_run(f"{number}. {question.prompt}"), size=11.5, bold=True)
        if question.limit:
            counts = count(question.answer)
            unit = LimitUnit(question.limit_unit)
            meta = document.add_paragraph()
            _korean(
                meta.add_run(
                    f"({counts.of(question.limit_unit):,} / {question.limit:,}{unit.label})"
                ),
                size=9,
            )
        for line in (question.answer or "").split("\n"):
            _korean(document.add_paragraph().add_run(line))

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def content_disposition(letter: CoverLetter) -> str:
    # RFC 6266/5987: an ASCII fallback plus the Korean name for browsers that read filename*.
    name = f"{letter.title}.docx"
    return f"attachment; filename=\"cover-letter-{letter.pk}.docx\"; filename*=UTF-8''{quote(name)}"
